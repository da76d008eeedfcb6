import type { AppendedSample, Labels } from "@orbt/core";
import type { ScrapeTargetConfig } from "../../config/orbt-config.js";
import type { SeriesAppender } from "../../series-appender.js";
import { fetchExposition } from "./fetch-exposition.js";
import { parseSeriesLabels } from "./parse-series-labels.js";
import { scanExposition } from "./scan-exposition.js";
import type { ScrapeError } from "./scrape-error.js";
import { attachTargetLabels, sortLabels, targetLabels } from "./target-labels.js";

export type TargetScraperOptions = {
  /** The service's name, the `job` label. */
  readonly job: string;
  readonly target: ScrapeTargetConfig;
  readonly appender: SeriesAppender;
  /** Wall clock for sample timestamps; defaults to `Date.now`. */
  readonly nowMs?: () => number;
};

/** One scrape's outcome, as also written to the target's `up` and `scrape_*` series. */
export type ScrapeReport = {
  readonly timestampMs: number;
  readonly isUp: boolean;
  /** Fetch, parse and append, as Prometheus measures it. */
  readonly durationSeconds: number;
  readonly samplesScraped: number;
  readonly samplesPostRelabeling: number;
  readonly seriesAdded: number;
  readonly error?: ScrapeError;
};

/** A distinct label set the target exposes; several spellings of one line may share it. */
type SeriesState = { readonly labels: Labels; seenScrape: number; trackedScrape: number };

const REPORT_SERIES = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
] as const;

/**
 * Scrapes one target and appends what it exposes with the target's labels attached, plus staleness
 * markers for series that vanished (or all of them when the scrape fails). Line texts seen before skip
 * label parsing, like Prometheus's scrape cache. A failed scrape appends nothing it read.
 */
export class TargetScraper {
  readonly #options: TargetScraperOptions;
  readonly #nowMs: () => number;
  readonly #targetLabels: Labels;
  readonly #reportLabels: readonly Labels[];
  readonly #byLine = new Map<string, SeriesState>();
  readonly #byLabels = new Map<string, SeriesState>();
  #tracked: SeriesState[] = [];
  #nextTracked: SeriesState[] = [];
  #scrapeId = 0;
  // One scrape's parsed samples, held until the whole body is known good.
  #pendingLines: string[] = [];
  #pendingSeries: SeriesState[] = [];
  // The last good scrape's lines and their series, by position.
  #previousLines: string[] = [];
  #previousSeries: SeriesState[] = [];
  readonly #pendingValues: number[] = [];
  readonly #pendingTimestampsMs: (number | undefined)[] = [];
  #pendingCount = 0;
  #scannedCount = 0;
  #seriesAdded = 0;
  #isOverSampleLimit = false;
  #labelError: string | undefined;
  readonly #sample = { timestampMs: 0, value: 0, isStale: false };
  readonly #samples: readonly AppendedSample[] = [this.#sample];

  constructor(options: TargetScraperOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#targetLabels = targetLabels(options.job, options.target.url, options.target.labels);
    this.#reportLabels = REPORT_SERIES.map((name) => sortLabels({ ...this.#targetLabels, __name__: name }));
  }

  get targetLabels(): Labels {
    return this.#targetLabels;
  }

  /** Never rejects; an aborted scrape (`signal`) appends nothing. */
  async scrape(signal?: AbortSignal): Promise<ScrapeReport> {
    const timestampMs = this.#nowMs();
    const startedAtMs = performance.now();
    const id = ++this.#scrapeId;
    this.#pendingCount = 0;
    this.#scannedCount = 0;
    this.#seriesAdded = 0;
    this.#isOverSampleLimit = false;
    this.#labelError = undefined;
    const { target } = this.#options;
    const fetched = await fetchExposition({
      url: target.url,
      timeoutMs: target.timeoutMs,
      bodySizeLimitBytes: target.bodySizeLimitBytes,
      signal,
    });
    let error: ScrapeError | undefined;
    if (!fetched.ok) {
      error = fetched.error;
      // Stopping says nothing about the target: no `up` 0, no staleness.
      if (error.code === "aborted") return this.#reportFailure(timestampMs, startedAtMs, error);
    } else {
      const scanned = scanExposition(fetched.value.text, fetched.value.format, this.#collect);
      if (!scanned.ok) {
        error = { code: "parse", message: `line ${scanned.error.line}: ${scanned.error.message}` };
      } else if (this.#labelError !== undefined) {
        error = { code: "parse", message: this.#labelError };
      } else if (this.#isOverSampleLimit) {
        error = {
          code: "sample_limit",
          message: `sample_limit exceeded: ${this.#scannedCount} samples, limit ${target.sampleLimit}`,
        };
      }
    }
    let samplesPostRelabeling = 0;
    if (error === undefined) {
      samplesPostRelabeling = this.#commit(id, timestampMs);
      this.#keepLineOrder();
    } else {
      this.#markAllStale(timestampMs);
    }
    this.#pendingLines.length = 0;
    this.#pendingSeries.length = 0;
    this.#pendingTimestampsMs.length = 0;
    const report: ScrapeReport = {
      timestampMs,
      isUp: error === undefined,
      durationSeconds: (performance.now() - startedAtMs) / 1000,
      samplesScraped: this.#scannedCount,
      samplesPostRelabeling,
      seriesAdded: error === undefined ? this.#seriesAdded : 0,
      ...(error === undefined ? {} : { error }),
    };
    this.#appendReport(report);
    return report;
  }

  #reportFailure(timestampMs: number, startedAtMs: number, error: ScrapeError): ScrapeReport {
    return {
      timestampMs,
      isUp: false,
      durationSeconds: (performance.now() - startedAtMs) / 1000,
      samplesScraped: 0,
      samplesPostRelabeling: 0,
      seriesAdded: 0,
      error,
    };
  }

  readonly #collect = (
    text: string,
    seriesStart: number,
    seriesEnd: number,
    value: number,
    timestampMs: number | undefined,
  ): boolean => {
    this.#scannedCount++;
    if (this.#isOverSampleLimit) return true;
    const limit = this.#options.target.sampleLimit;
    // Past the limit the scrape fails, but counting on reports how many samples there were.
    if (limit > 0 && this.#scannedCount > limit) {
      this.#isOverSampleLimit = true;
      return true;
    }
    const n = this.#pendingCount++;
    // Exporters repeat their lines in the same order: comparing in place spares a string and a hash.
    let line = this.#previousLines[n];
    let series: SeriesState | undefined;
    if (line !== undefined && line.length === seriesEnd - seriesStart && text.startsWith(line, seriesStart)) {
      series = this.#previousSeries[n]!;
    } else {
      line = text.slice(seriesStart, seriesEnd);
      series = this.#byLine.get(line) ?? this.#learnLine(line);
      if (series === undefined) return false;
    }
    this.#pendingLines[n] = line;
    this.#pendingSeries[n] = series;
    this.#pendingValues[n] = value;
    this.#pendingTimestampsMs[n] = timestampMs;
    return true;
  };

  #learnLine(slicedLine: string): SeriesState | undefined {
    // A slice pins the whole body it came from; the cache keeps a copy of just the line.
    const line = ` ${slicedLine}`.slice(1);
    const parsed = parseSeriesLabels(line);
    if (!parsed.ok) {
      this.#labelError = parsed.error;
      return undefined;
    }
    const labels = attachTargetLabels(parsed.value, this.#targetLabels, this.#options.target.honorLabels);
    const key = JSON.stringify(labels);
    let series = this.#byLabels.get(key);
    if (series === undefined) {
      series = { labels, seenScrape: 0, trackedScrape: 0 };
      this.#byLabels.set(key, series);
      this.#seriesAdded++;
    }
    this.#byLine.set(line, series);
    return series;
  }

  /** Appends the pending samples, then stale markers for tracked series this scrape lacked. */
  #commit(id: number, timestampMs: number): number {
    const { appender } = this.#options;
    const sample = this.#sample;
    const next = this.#nextTracked;
    next.length = 0;
    let appended = 0;
    for (let k = 0; k < this.#pendingCount; k++) {
      const series = this.#pendingSeries[k]!;
      // A repeated series keeps its first sample, as Prometheus rejects the duplicate.
      if (series.seenScrape === id) continue;
      series.seenScrape = id;
      const explicitMs = this.#pendingTimestampsMs[k];
      sample.timestampMs = explicitMs ?? timestampMs;
      sample.value = this.#pendingValues[k]!;
      sample.isStale = false;
      appender.append(series.labels, this.#samples);
      appended++;
      // Samples with their own timestamp bypass staleness, as in Prometheus.
      if (explicitMs === undefined) {
        series.trackedScrape = id;
        next.push(series);
      }
    }
    for (const series of this.#tracked) {
      if (series.trackedScrape !== id) this.#appendStale(series.labels, timestampMs);
    }
    this.#nextTracked = this.#tracked;
    this.#tracked = next;
    if (this.#byLine.size > appended) this.#forgetUnseen(id);
    return appended;
  }

  #keepLineOrder(): void {
    const lines = this.#previousLines;
    const series = this.#previousSeries;
    this.#previousLines = this.#pendingLines;
    this.#previousSeries = this.#pendingSeries;
    this.#previousLines.length = this.#pendingCount;
    this.#previousSeries.length = this.#pendingCount;
    this.#pendingLines = lines;
    this.#pendingSeries = series;
  }

  #markAllStale(timestampMs: number): void {
    for (const series of this.#tracked) this.#appendStale(series.labels, timestampMs);
    this.#tracked = [];
  }

  #appendStale(labels: Labels, timestampMs: number): void {
    this.#sample.timestampMs = timestampMs;
    this.#sample.value = Number.NaN;
    this.#sample.isStale = true;
    this.#options.appender.append(labels, this.#samples);
  }

  /** Keeps the line cache to what the target still exposes. */
  #forgetUnseen(id: number): void {
    for (const [line, series] of this.#byLine) {
      if (series.seenScrape !== id) this.#byLine.delete(line);
    }
    for (const [key, series] of this.#byLabels) {
      if (series.seenScrape !== id) this.#byLabels.delete(key);
    }
  }

  #appendReport(report: ScrapeReport): void {
    const values = [
      report.isUp ? 1 : 0,
      report.durationSeconds,
      report.samplesScraped,
      report.samplesPostRelabeling,
      report.seriesAdded,
    ];
    const sample = this.#sample;
    sample.timestampMs = report.timestampMs;
    sample.isStale = false;
    values.forEach((value, index) => {
      sample.value = value;
      this.#options.appender.append(this.#reportLabels[index]!, this.#samples);
    });
  }
}

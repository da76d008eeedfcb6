import type { Labels } from "@orbt/core";
import type { ScrapeTargetConfig } from "../../config/orbt-config.js";
import type { SeriesRefAppender } from "../series-appender.js";
import { ExpositionConnection } from "./exposition-connection.js";
import { fetchExposition } from "./fetch-exposition.js";
import { PreviousLines } from "./previous-lines.js";
import { ExpositionScanner, type SampleSink } from "./scan-exposition.js";
import { type CachedSeries, ScrapeCache } from "./scrape-cache.js";
import type { ScrapeError } from "./scrape-error.js";
import { sortLabels, targetLabels } from "./target-labels.js";

export type TargetScraperOptions = {
  /** The service's name, the `job` label. */
  readonly job: string;
  readonly target: ScrapeTargetConfig;
  readonly appender: SeriesRefAppender;
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

/** A series the scraper appends its own values to; `ref` is found again if the store drops it. */
type ReportSeries = { readonly labels: Labels; ref: unknown };

const REPORT_SERIES = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
] as const;

const INITIAL_PENDING = 1024;

/**
 * Scrapes one target and appends what it exposes with the target's labels attached, plus staleness
 * markers for series that vanished (or all of them when the scrape fails). The body is scanned chunk
 * by chunk as it comes; a line seen before is matched to its series ref in place (see `ScrapeCache`), so a
 * repeat scrape parses only values. A failed scrape appends nothing it read and creates no series.
 */
export class TargetScraper {
  readonly #options: TargetScraperOptions;
  readonly #appender: SeriesRefAppender;
  readonly #nowMs: () => number;
  readonly #targetLabels: Labels;
  readonly #reportSeries: readonly ReportSeries[];
  readonly #cache: ScrapeCache;
  readonly #connection = new ExpositionConnection();
  #scrapeId = 0;
  // One scrape's samples, held until the whole body is known good; a NaN timestamp is the scrape's own.
  // Timestamps are kept from the first sample that has its own: most exporters never send one.
  #pending: CachedSeries[] = [];
  #pendingValues = new Float64Array(INITIAL_PENDING);
  #pendingTimestampsMs: Float64Array | undefined;
  #pendingCount = 0;
  // The last good scrape's series by position: exporters repeat their lines in the same order, so the
  // line at the cursor is most likely the one expected next.
  #previous: CachedSeries[] = [];
  readonly #previousLines = new PreviousLines();
  #cursor = 0;
  // Series whose `trackedScrape` is this get staleness markers when they vanish; 0 tracks none.
  #trackedScrape = 0;
  // Set by `#knownSeriesEnd` for the line the scanner hands over next, found at position `#knownAt`.
  #known: CachedSeries | undefined;
  #knownAt = -1;
  readonly #sink: SampleSink = {
    knownSeriesEnd: (bytes, start) => this.#knownSeriesEnd(bytes, start),
    sample: (bytes, seriesStart, seriesEnd, value, timestampMs) =>
      this.#collect(bytes, seriesStart, seriesEnd, value, timestampMs),
  };
  #scannedCount = 0;
  #isOverSampleLimit = false;

  constructor(options: TargetScraperOptions) {
    this.#options = options;
    this.#appender = options.appender;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#targetLabels = targetLabels(options.job, options.target.url, options.target.labels);
    this.#reportSeries = REPORT_SERIES.map((name) => {
      const labels = sortLabels({ ...this.#targetLabels, __name__: name });
      return { labels, ref: options.appender.getOrCreateSeriesRef(labels) };
    });
    this.#cache = new ScrapeCache(
      options.appender,
      this.#targetLabels,
      options.target.honorLabels,
      this.#previousLines,
    );
  }

  get targetLabels(): Labels {
    return this.#targetLabels;
  }

  /** Never rejects; an aborted scrape (`signal`) appends nothing. */
  /** Closes the target's kept connection; a later scrape opens another. */
  close(): void {
    this.#connection.close();
  }

  async scrape(signal?: AbortSignal): Promise<ScrapeReport> {
    const timestampMs = this.#nowMs();
    const startedAtMs = performance.now();
    const id = ++this.#scrapeId;
    const createdBefore = this.#cache.created;
    this.#pendingCount = 0;
    this.#scannedCount = 0;
    this.#isOverSampleLimit = false;
    this.#known = undefined;
    this.#knownAt = -1;
    this.#cursor = 0;
    this.#previousLines.discard();
    const error = await this.#read(signal);
    // Stopping says nothing about the target: no `up` 0, no staleness.
    if (error?.code === "aborted") return this.#reportFailure(timestampMs, startedAtMs, error);
    let samplesPostRelabeling = 0;
    if (error === undefined) samplesPostRelabeling = this.#commit(id, timestampMs);
    else {
      this.#previousLines.discard();
      this.#markStale(timestampMs);
    }
    const report: ScrapeReport = {
      timestampMs,
      isUp: error === undefined,
      durationSeconds: (performance.now() - startedAtMs) / 1000,
      samplesScraped: this.#scannedCount,
      samplesPostRelabeling,
      seriesAdded: error === undefined ? this.#cache.created - createdBefore : 0,
      ...(error === undefined ? {} : { error }),
    };
    this.#appendReport(report);
    return report;
  }

  /** Fetches and scans the body into the pending samples; why the scrape failed, if it did. */
  async #read(signal: AbortSignal | undefined): Promise<ScrapeError | undefined> {
    const { target } = this.#options;
    const fetched = await fetchExposition({
      url: target.url,
      timeoutMs: target.timeoutMs,
      bodySizeLimitBytes: target.bodySizeLimitBytes,
      signal,
      connection: this.#connection,
    });
    if (!fetched.ok) return fetched.error;
    const scanner = new ExpositionScanner(fetched.value.format, this.#sink);
    let isScanning = true;
    const read = await fetched.value.read((chunk) => {
      // Past a bad line the body is still read to its end: a failed transfer is the error to report.
      if (isScanning) isScanning = scanner.write(chunk);
    });
    if (!read.ok) return read.error;
    const scanned = scanner.end();
    if (!scanned.ok)
      return { code: "parse", message: `line ${scanned.error.line}: ${scanned.error.message}` };
    if (this.#isOverSampleLimit) {
      return {
        code: "sample_limit",
        message: `sample_limit exceeded: ${this.#scannedCount} samples, limit ${target.sampleLimit}`,
      };
    }
    return undefined;
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

  /** The last good scrape's series at the cursor, when this line is its line again. */
  #knownSeriesEnd(bytes: Uint8Array, start: number): number {
    const cursor = this.#cursor;
    const series = this.#previous[cursor];
    if (series === undefined) return -1;
    const end = this.#previousLines.match(cursor, bytes, start);
    if (end < 0) return -1;
    this.#known = series;
    this.#knownAt = cursor;
    this.#cursor = cursor + 1;
    return end;
  }

  #collect(
    bytes: Uint8Array,
    seriesStart: number,
    seriesEnd: number,
    value: number,
    timestampMs: number | undefined,
  ): boolean | string {
    let series = this.#known;
    const isAtSamePosition = series !== undefined && this.#knownAt === this.#pendingCount;
    this.#known = undefined;
    this.#scannedCount++;
    if (this.#isOverSampleLimit) return true;
    const limit = this.#options.target.sampleLimit;
    // Past the limit the scrape fails, but counting on reports how many samples there were.
    if (limit > 0 && this.#scannedCount > limit) {
      this.#isOverSampleLimit = true;
      return true;
    }
    if (series === undefined) {
      const resolved = this.#cache.resolve(bytes, seriesStart, seriesEnd);
      if (typeof resolved === "string") return resolved;
      series = resolved;
      // After lines were added or removed, the cursor resumes behind the known one.
      if (series.position >= 0 && this.#previous[series.position] === series)
        this.#cursor = series.position + 1;
    }
    const n = this.#pendingCount++;
    this.#previousLines.add(n, isAtSamePosition, bytes, seriesStart, seriesEnd);
    if (n === this.#pendingValues.length) this.#growPending();
    this.#pending[n] = series;
    this.#pendingValues[n] = value;
    if (timestampMs !== undefined || this.#pendingTimestampsMs !== undefined)
      this.#setPendingTimestamp(n, timestampMs);
    return true;
  }

  #growPending(): void {
    const values = new Float64Array(this.#pendingValues.length * 2);
    values.set(this.#pendingValues);
    this.#pendingValues = values;
  }

  #setPendingTimestamp(n: number, timestampMs: number | undefined): void {
    let timestampsMs = this.#pendingTimestampsMs;
    if (timestampsMs === undefined || n >= timestampsMs.length) {
      const grown = new Float64Array(this.#pendingValues.length).fill(Number.NaN);
      if (timestampsMs !== undefined) grown.set(timestampsMs);
      timestampsMs = grown;
      this.#pendingTimestampsMs = grown;
    }
    timestampsMs[n] = timestampMs ?? Number.NaN;
  }

  /**
   * Creates the series new in this scrape, appends the pending samples, then staleness markers for
   * tracked series this scrape lacked.
   */
  #commit(id: number, timestampMs: number): number {
    const pending = this.#pending;
    const values = this.#pendingValues;
    const timestampsMs = this.#pendingTimestampsMs;
    // From here on a series' position leads to this scrape's text of its line.
    this.#previousLines.commit(this.#pendingCount);
    let appended = 0;
    for (let k = 0; k < this.#pendingCount; k++) {
      let series = pending[k]!;
      if (series.ref === undefined) {
        series = this.#cache.settle(series);
        pending[k] = series;
      }
      // A repeated series keeps its first sample, as Prometheus rejects the duplicate.
      if (series.seenScrape === id) continue;
      series.seenScrape = id;
      series.position = k;
      const ownMs = timestampsMs === undefined ? Number.NaN : timestampsMs[k]!;
      // Samples with their own timestamp bypass staleness, as in Prometheus.
      const hasOwnTimestamp = !Number.isNaN(ownMs);
      this.#append(series, hasOwnTimestamp ? ownMs : timestampMs, values[k]!);
      if (!hasOwnTimestamp) series.trackedScrape = id;
      appended++;
    }
    this.#markStale(timestampMs);
    this.#trackedScrape = id;
    pending.length = this.#pendingCount;
    this.#pending = this.#previous;
    this.#previous = pending;
    if (this.#cache.size > appended) this.#cache.forgetUnseen(id);
    return appended;
  }

  /** Marks stale the series the last good scrape tracked that are still tracked by it, once each. */
  #markStale(timestampMs: number): void {
    const tracked = this.#trackedScrape;
    if (tracked === 0) return;
    for (const series of this.#previous) {
      if (series.trackedScrape !== tracked) continue;
      series.trackedScrape = 0;
      // A series the store no longer has holds no sample to mark stale.
      this.#appender.appendRef(series.ref, timestampMs, Number.NaN, true);
    }
    this.#trackedScrape = 0;
  }

  #append(series: CachedSeries, timestampMs: number, value: number): void {
    if (this.#appender.appendRef(series.ref, timestampMs, value, false) !== "unknown_series") return;
    this.#cache.refresh(series);
    this.#appender.appendRef(series.ref, timestampMs, value, false);
  }

  #appendReport(report: ScrapeReport): void {
    const values = [
      report.isUp ? 1 : 0,
      report.durationSeconds,
      report.samplesScraped,
      report.samplesPostRelabeling,
      report.seriesAdded,
    ];
    for (const [index, series] of this.#reportSeries.entries()) {
      const value = values[index]!;
      if (this.#appender.appendRef(series.ref, report.timestampMs, value, false) !== "unknown_series")
        continue;
      series.ref = this.#appender.getOrCreateSeriesRef(series.labels);
      this.#appender.appendRef(series.ref, report.timestampMs, value, false);
    }
  }
}

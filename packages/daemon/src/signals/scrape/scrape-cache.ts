import type { Labels } from "@orbt/core";
import type { SeriesRefAppender } from "../series-appender.js";
import { parseSeriesLabels } from "./parse-series-labels.js";
import { attachTargetLabels } from "./target-labels.js";

/** A distinct series of one target, by its store ref; several spellings of a line may share it. */
export type CachedSeries = {
  /** What the appender named it by; replaced by `refresh` once the store has dropped the series. */
  ref: unknown;
  /** The first spelling seen, one char per byte as scraped, from which `refresh` reads the labels again. */
  readonly line: string;
  /** The last scrape that appended it: a series is appended once per scrape. */
  seenScrape: number;
  /** The last scrape that appended it at the scrape's own timestamp, so that it goes stale when it vanishes. */
  trackedScrape: number;
  /** Where that scrape had it first, or -1. */
  position: number;
};

// The line holds one char per byte: a byte past 0x7f is part of a UTF-8 sequence.
const NON_ASCII = /[\x80-\xff]/;

/**
 * What a target's lines stand for, as Prometheus's scrape cache: the raw text of a line's `name{labels}`
 * leads to its series ref, so a line seen before costs no label parsing, sorting or index lookup.
 */
export class ScrapeCache {
  readonly #appender: SeriesRefAppender;
  readonly #targetLabels: Labels;
  readonly #honorLabels: boolean;
  readonly #byLine = new Map<string, CachedSeries>();
  readonly #byRef = new Map<unknown, CachedSeries>();
  #created = 0;

  constructor(appender: SeriesRefAppender, targetLabels: Labels, honorLabels: boolean) {
    this.#appender = appender;
    this.#targetLabels = targetLabels;
    this.#honorLabels = honorLabels;
  }

  /** Spellings known. */
  get size(): number {
    return this.#byLine.size;
  }

  /** Series created since this cache was; the difference over a scrape is `scrape_series_added`. */
  get created(): number {
    return this.#created;
  }

  /** The series of `bytes[start, end)`, a line's `name{labels}`; a label syntax error as a string. */
  resolve(bytes: Uint8Array, start: number, end: number): CachedSeries | string {
    // A copy of just the line: a view would pin the whole chunk it came from.
    const line = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");
    return this.#byLine.get(line) ?? this.#learn(line);
  }

  /** Gives `series` a fresh ref, for when the store answered that it no longer has the old one. */
  refresh(series: CachedSeries): void {
    const labels = this.#labelsOf(series.line);
    if (typeof labels === "string") return;
    this.#byRef.delete(series.ref);
    series.ref = this.#appender.getOrCreateSeriesRef(labels);
    this.#byRef.set(series.ref, series);
  }

  /** Keeps only what the scrape `scrapeId` appended. */
  forgetUnseen(scrapeId: number): void {
    for (const [line, series] of this.#byLine) {
      if (series.seenScrape !== scrapeId) this.#byLine.delete(line);
    }
    for (const [ref, series] of this.#byRef) {
      if (series.seenScrape !== scrapeId) this.#byRef.delete(ref);
    }
  }

  #learn(line: string): CachedSeries | string {
    const labels = this.#labelsOf(line);
    if (typeof labels === "string") return labels;
    const ref = this.#appender.getOrCreateSeriesRef(labels);
    let series = this.#byRef.get(ref);
    if (series === undefined) {
      series = { ref, line, seenScrape: 0, trackedScrape: 0, position: -1 };
      this.#byRef.set(ref, series);
      this.#created++;
    }
    this.#byLine.set(line, series);
    return series;
  }

  #labelsOf(line: string): Labels | string {
    const text = NON_ASCII.test(line) ? Buffer.from(line, "latin1").toString("utf8") : line;
    const parsed = parseSeriesLabels(text);
    if (!parsed.ok) return parsed.error;
    return attachTargetLabels(parsed.value, this.#targetLabels, this.#honorLabels);
  }
}

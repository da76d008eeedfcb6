import { HashIndex, hashBytes, hashLabels, type Labels } from "@orbt/core";
import type { SeriesRefAppender } from "../series-appender.js";
import { parseSeriesLabels } from "./parse-series-labels.js";
import type { PreviousLines } from "./previous-lines.js";
import { attachTargetLabels } from "./target-labels.js";

/**
 * A distinct series of one target. Until the scrape that found it commits, it is unsettled: it has its
 * labels and no ref, so a scrape that fails creates no series in the store.
 */
export type CachedSeries = {
  /** What the appender named it by, undefined while unsettled; replaced by `refresh` once the store dropped it. */
  ref: unknown;
  /** The parsed labels while unsettled, then undefined. */
  labels: Labels | undefined;
  /** The hash of the line's raw text that found it. */
  readonly hash: number;
  /** `hashLabels` of its labels, once settled. */
  labelsHash: number;
  /** The last scrape that appended it: a series is appended once per scrape. */
  seenScrape: number;
  /** The last scrape that appended it at the scrape's own timestamp, so that it goes stale when it vanishes. */
  trackedScrape: number;
  /** Where the last good scrape had it first (its text is `PreviousLines`' at that position), or -1. */
  position: number;
};

// The line holds one char per byte: a byte past 0x7f is part of a UTF-8 sequence.
const NON_ASCII = /[\x80-\xff]/;

/**
 * What a target's lines stand for, as Prometheus's scrape cache: the raw text of a line's `name{labels}`
 * leads to its series ref, so a line seen before costs no label parsing, sorting or index lookup. Lines are
 * found by a hash of their bytes (`hashBytes`) and checked against the last good scrape's text at the series'
 * position, which `PreviousLines` holds anyway: a string copy of every line took some 120 bytes a series.
 */
export class ScrapeCache {
  readonly #appender: SeriesRefAppender;
  readonly #targetLabels: Labels;
  readonly #honorLabels: boolean;
  readonly #previousLines: PreviousLines;
  /** Settled series by the hash of their line. */
  readonly #byLine = new HashIndex<CachedSeries>();
  /** Settled series by the hash of their labels, to find the one standing for a ref. */
  readonly #byLabels = new HashIndex<CachedSeries>();
  #created = 0;
  // The line `resolve` looks for, read by `#isLine`: a closure per lookup would be garbage.
  #bytes: Uint8Array = new Uint8Array(0);
  #start = 0;
  #end = 0;
  readonly #isLine = (series: CachedSeries) =>
    this.#previousLines.match(series.position, this.#bytes, this.#start) === this.#end;

  constructor(
    appender: SeriesRefAppender,
    targetLabels: Labels,
    honorLabels: boolean,
    previousLines: PreviousLines,
  ) {
    this.#appender = appender;
    this.#targetLabels = targetLabels;
    this.#honorLabels = honorLabels;
    this.#previousLines = previousLines;
  }

  /** Distinct series known. */
  get size(): number {
    return this.#byLabels.size;
  }

  /** Series created since this cache was; the difference over a scrape is `scrape_series_added`. */
  get created(): number {
    return this.#created;
  }

  /**
   * The series of `bytes[start, end)`, a line's `name{labels}` followed by a space or tab: a settled one
   * when the last good scrape had this line, else an unsettled one for `settle`; a label syntax error as a
   * string.
   */
  resolve(bytes: Uint8Array, start: number, end: number): CachedSeries | string {
    const hash = hashBytes(bytes, start, end - start);
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    const found = this.#byLine.find(hash, this.#isLine, undefined);
    if (found !== undefined) return found;
    const line = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");
    const labels = this.#labelsOf(line);
    if (typeof labels === "string") return labels;
    return { ref: undefined, labels, hash, labelsHash: 0, seenScrape: 0, trackedScrape: 0, position: -1 };
  }

  /**
   * Creates (or finds) the store series of an unsettled one, as its scrape commits; returns the series to
   * append to, which is another spelling's when one already stands for the same labels.
   */
  settle(series: CachedSeries): CachedSeries {
    const labels = series.labels!;
    const ref = this.#appender.getOrCreateSeriesRef(labels);
    series.labels = undefined;
    const labelsHash = hashLabels(labels);
    const known = this.#byLabels.find(labelsHash, hasRef, ref);
    if (known !== undefined) return known;
    series.ref = ref;
    series.labelsHash = labelsHash;
    this.#byLabels.add(labelsHash, series);
    this.#created++;
    this.#byLine.add(series.hash, series);
    return series;
  }

  /**
   * Gives `series` a fresh ref, for when the store answered that it no longer has the old one; its
   * labels are read again from its line, `PreviousLines`' text at its position.
   */
  refresh(series: CachedSeries): void {
    const labels = this.#labelsOf(this.#previousLines.textAt(series.position));
    if (typeof labels === "string") return;
    this.#byLabels.delete(series.labelsHash, series);
    series.ref = this.#appender.getOrCreateSeriesRef(labels);
    series.labelsHash = hashLabels(labels);
    this.#byLabels.add(series.labelsHash, series);
  }

  /** Keeps only what the scrape `scrapeId` appended. */
  forgetUnseen(scrapeId: number): void {
    const isSeen = (series: CachedSeries) => series.seenScrape === scrapeId;
    this.#byLine.retain(isSeen);
    this.#byLabels.retain(isSeen);
  }

  #labelsOf(line: string): Labels | string {
    const text = NON_ASCII.test(line) ? Buffer.from(line, "latin1").toString("utf8") : line;
    const parsed = parseSeriesLabels(text);
    if (!parsed.ok) return parsed.error;
    return attachTargetLabels(parsed.value, this.#targetLabels, this.#honorLabels);
  }
}

function hasRef(series: CachedSeries, ref: unknown): boolean {
  return series.ref === ref;
}

import { type LabelMatcher, matchesValue } from "../promql/label-matcher.js";
import {
  compareLabels,
  type Labels,
  labelsOrderKey,
  METRIC_NAME_LABEL,
  normalizeLabels,
} from "../promql/labels.js";
import type { LatestSamples } from "../promql/latest-samples.js";
import type { AppendedSample } from "../promql/memory-series-store.js";
import type { SeriesStore, StoredSeries } from "../promql/series-store.js";
import { HeadChunks } from "./head-chunks.js";
import { NewestSamples } from "./newest-samples.js";
import { PostingsIndex } from "./postings-index.js";
import { RefsByLabels } from "./refs-by-labels.js";
import { SAMPLES_PER_CHUNK, type XorChunk } from "./xor-chunk.js";

/**
 * What became of one appended sample, as Prometheus's head decides (no out-of-order window):
 * `ok` stored; `duplicate` same timestamp and same value bits as the newest sample, a no-op;
 * `conflict` same timestamp, other value (Prometheus's "duplicate sample for timestamp"), dropped;
 * `out_of_order` older than the newest sample, dropped; `unknown_series` the ref is not (or no
 * longer, after `truncateBefore`) a series: get a fresh one from `getOrCreateSeriesRef`.
 */
export type AppendOutcome = "ok" | "duplicate" | "conflict" | "out_of_order" | "unknown_series";

export type AppendCounts = Record<AppendOutcome, number>;

export type StoreStats = {
  readonly seriesCount: number;
  readonly chunkCount: number;
  readonly sampleCount: number;
  /** Bytes held by chunk buffers (the head chunks' spare capacity included). */
  readonly chunkBytes: number;
};

/**
 * The head chunk is the store's `HeadChunks` at `slot`; `chunks` are the sealed ones, oldest first, a
 * literal from the first one sealed (an empty `[]` reserves 17 slots).
 */
type MemSeries = {
  readonly labels: Labels;
  readonly slot: number;
  chunks: XorChunk[];
  /** `labelsOrderKey(labels)`, set when the series is first selected, to sort selections. */
  orderKey: string | undefined;
};

/**
 * The series matching one matcher list, sorted by labels, as of `version` of the series set; their
 * slots and labels side by side, so that reading the newest samples touches no series object.
 */
type Selection = {
  readonly version: number;
  readonly series: readonly MemSeries[];
  readonly slots: Int32Array;
  readonly labels: readonly Labels[];
};

declare const seriesHandle: unique symbol;
/** A series of the store as `seriesHandle` gives it out, opaque; `appendToSeries` takes it. */
export type SeriesHandle = { readonly [seriesHandle]: true };

const NO_CHUNKS: XorChunk[] = [];
// What a dropped series' chunks become, so that a handle still held to it takes no more samples.
const DROPPED: XorChunk[] = [];

/**
 * A `SeriesStore` for the daemon's live data: samples in Gorilla-compressed chunks of 120, label
 * strings interned, an inverted index resolving matchers. Samples must arrive in time order per
 * series. Memory is bounded by calling `truncateBefore(now - retention)` periodically.
 */
export class ChunkedSeriesStore implements SeriesStore {
  readonly sortsSeries = true;
  readonly #series = new Map<number, MemSeries>();
  readonly #refs = new RefsByLabels((ref) => this.#series.get(ref)!.labels);
  readonly #index = new PostingsIndex();
  readonly #newest = new NewestSamples();
  readonly #heads = new HeadChunks();
  #nextRef = 1;
  /**
   * Which series a matcher list selects, kept per list object: rules query with the same parsed
   * matchers every round, and between rounds the series set rarely changes though samples do.
   */
  #selections = new WeakMap<readonly LabelMatcher[], Selection>();
  /** Bumped whenever a series comes or goes. */
  #version = 0;
  /** The version at which a series of this metric name last came or went. */
  readonly #nameVersions = new Map<string, number>();

  /** The ref of the series with these labels (empty values dropped), created if new. */
  getOrCreateSeriesRef(labels: Labels): number {
    const existing = this.#refs.get(labels);
    if (existing !== undefined) return existing;
    const ref = this.#nextRef++;
    const interned = this.#index.add(ref, normalizeLabels(labels));
    this.#series.set(ref, {
      labels: interned,
      slot: this.#newest.allocate(),
      chunks: NO_CHUNKS,
      orderKey: undefined,
    });
    this.#refs.add(interned, ref);
    this.#nameVersions.set(interned[METRIC_NAME_LABEL] ?? "", ++this.#version);
    return ref;
  }

  /** Timestamps are whole milliseconds, as in Prometheus: fractions (from OTLP's ns) are rounded. */
  appendRef(ref: number, rawTimestampMs: number, value: number, isStale = false): AppendOutcome {
    const series = this.#series.get(ref);
    if (series === undefined) return "unknown_series";
    return this.#appendTo(series, rawTimestampMs, value, isStale);
  }

  /**
   * The series behind a ref, for a caller that appends to it often: `appendToSeries` skips looking the
   * ref up. Undefined when the ref is not (or no longer) a series.
   */
  seriesHandle(ref: number): SeriesHandle | undefined {
    return this.#series.get(ref) as unknown as SeriesHandle | undefined;
  }

  /** `appendRef` on a handle; `unknown_series` once `truncateBefore` has dropped the series. */
  appendToSeries(
    handle: SeriesHandle,
    rawTimestampMs: number,
    value: number,
    isStale = false,
  ): AppendOutcome {
    return this.#appendTo(handle as unknown as MemSeries, rawTimestampMs, value, isStale);
  }

  #appendTo(series: MemSeries, rawTimestampMs: number, value: number, isStale: boolean): AppendOutcome {
    if (series.chunks === DROPPED) return "unknown_series";
    const timestampMs = Math.round(rawTimestampMs);
    const heads = this.#heads;
    const slot = series.slot;
    const newestMs = heads.maxTimeMs(slot);
    if (timestampMs < newestMs) return "out_of_order";
    if (timestampMs === newestMs) return heads.isLastValue(slot, value, isStale) ? "duplicate" : "conflict";
    const sealed = heads.append(slot, timestampMs, value, isStale);
    this.#newest.set(slot, timestampMs, value, isStale);
    if (sealed !== undefined) {
      if (series.chunks === NO_CHUNKS) series.chunks = [sealed];
      else series.chunks.push(sealed);
    }
    return "ok";
  }

  /** `MemorySeriesStore`'s API: a batch for one series, sorted by time here; counts each outcome. */
  append(labels: Labels, samples: readonly AppendedSample[]): AppendCounts {
    const counts: AppendCounts = { ok: 0, duplicate: 0, conflict: 0, out_of_order: 0, unknown_series: 0 };
    const ref = this.getOrCreateSeriesRef(labels);
    const sorted = isSortedByTime(samples)
      ? samples
      : [...samples].sort((a, b) => a.timestampMs - b.timestampMs);
    for (const s of sorted) counts[this.appendRef(ref, s.timestampMs, s.value, s.isStale === true)]++;
    return counts;
  }

  /** Series in label order. */
  select(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const series of this.#selected(matchers).series) {
      const stored = decodeWindow(series, this.#heads, minTimeMs, maxTimeMs);
      if (stored !== undefined) out.push(stored);
    }
    return out;
  }

  /** Label sets of the matching series with samples in [minTimeMs, maxTimeMs], sorted. */
  series(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): Labels[] {
    const out: Labels[] = [];
    for (const series of this.#matching(matchers)) {
      if (overlaps(series, this.#heads, minTimeMs, maxTimeMs)) out.push(series.labels);
    }
    return out.sort(compareLabels);
  }

  /** Label names in use, sorted; with matchers, only those of matching series. */
  labelNames(matchers: readonly LabelMatcher[] = []): string[] {
    if (matchers.length === 0) return this.#index.labelNames();
    const names = new Set<string>();
    for (const series of this.#matching(matchers)) {
      for (const name of Object.keys(series.labels)) names.add(name);
    }
    return [...names].sort();
  }

  /** Values of one label, sorted; with matchers, only those of matching series. */
  labelValues(name: string, matchers: readonly LabelMatcher[] = []): string[] {
    if (matchers.length === 0) return this.#index.labelValues(name);
    const values = new Set<string>();
    for (const series of this.#matching(matchers)) {
      const value = series.labels[name];
      if (value !== undefined) values.add(value);
    }
    return [...values].sort();
  }

  /**
   * Drops every chunk whose samples are all older than `minTimeMs`, and series left without
   * chunks; returns how many series went. Chunks are dropped whole, so older samples may remain.
   */
  truncateBefore(minTimeMs: number): number {
    const removed = new Set<number>();
    const removedLabels: Labels[] = [];
    const heads = this.#heads;
    for (const [ref, series] of this.#series) {
      // The head holds the newest samples: when it is kept, so is the series.
      if (heads.count(series.slot) > 0 && heads.maxTimeMs(series.slot) >= minTimeMs) {
        if (series.chunks !== NO_CHUNKS) dropOlderChunks(series, minTimeMs);
        continue;
      }
      if (series.chunks !== NO_CHUNKS && dropOlderChunks(series, minTimeMs) > 0) continue;
      series.chunks = DROPPED;
      removed.add(ref);
      removedLabels.push(series.labels);
    }
    if (removed.size === 0) return 0;
    this.#selections = new WeakMap();
    this.#nameVersions.clear();
    this.#version++;
    for (const ref of removed) {
      const series = this.#series.get(ref)!;
      this.#refs.delete(series.labels, ref);
      this.#newest.release(series.slot);
      this.#heads.clear(series.slot);
      this.#series.delete(ref);
    }
    this.#index.remove(removed, removedLabels);
    return removed.size;
  }

  stats(): StoreStats {
    let chunkCount = 0;
    let sampleCount = 0;
    let chunkBytes = 0;
    const heads = this.#heads;
    for (const series of this.#series.values()) {
      chunkCount += series.chunks.length;
      for (const chunk of series.chunks) {
        sampleCount += chunk.count;
        chunkBytes += chunk.byteLength;
      }
      const headCount = heads.count(series.slot);
      if (headCount === 0) continue;
      chunkCount++;
      sampleCount += headCount;
      chunkBytes += heads.byteLength(series.slot);
    }
    return { seriesCount: this.#series.size, chunkCount, sampleCount, chunkBytes };
  }

  /**
   * Per series, its newest sample at or before maxTimeMs if not older than minTimeMs, in label order.
   * The newest sample of all comes from `#newest`; an older one decodes the one chunk holding it.
   */
  selectLatest(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): LatestSamples {
    const selection = this.#selected(matchers);
    const newest = this.#newest;
    const { slots } = selection;
    const timestampsMs = new Float64Array(slots.length);
    const values = new Float64Array(slots.length);
    let labels: Labels[] | undefined;
    let stale: boolean[] | undefined;
    let count = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      let timeMs = newest.timeMs(slot);
      let value = newest.value(slot);
      // NaN is rare: only then can the sample be a staleness marker.
      let isStale = Number.isNaN(value) && newest.isStale(slot);
      if (timeMs > maxTimeMs) {
        const older = olderSample(selection.series[i]!, this.#heads, maxTimeMs);
        if (older === undefined) timeMs = Number.NEGATIVE_INFINITY;
        else ({ timeMs, value, isStale } = older);
      }
      // -Infinity: a series given a ref but no sample yet.
      if (timeMs < minTimeMs || timeMs === Number.NEGATIVE_INFINITY) {
        // The first series left out: from here on the labels are copied rather than shared.
        labels ??= selection.labels.slice(0, i);
        continue;
      }
      timestampsMs[count] = timeMs;
      values[count] = value;
      if (isStale) {
        stale ??= new Array<boolean>(slots.length).fill(false);
        stale[count] = true;
      }
      labels?.push(selection.labels[i]!);
      count++;
    }
    return {
      labels: labels ?? selection.labels,
      timestampsMs: timestampsMs.subarray(0, count),
      values: values.subarray(0, count),
      ...(stale === undefined ? {} : { stale: stale.slice(0, count) }),
    };
  }

  #selected(matchers: readonly LabelMatcher[]): Selection {
    const byName = matchers.find((m) => m.name === METRIC_NAME_LABEL && m.type === "=");
    // Only series of that name can match, so only their coming and going can change the selection.
    const changedAt = byName === undefined ? this.#version : (this.#nameVersions.get(byName.value) ?? 0);
    const cached = this.#selections.get(matchers);
    if (cached !== undefined && cached.version >= changedAt) return cached;
    const series = this.#matching(matchers);
    for (const s of series) s.orderKey ??= labelsOrderKey(s.labels);
    // Distinct series have distinct label sets, hence distinct keys: one comparison decides.
    series.sort((a, b) => (a.orderKey! < b.orderKey! ? -1 : 1));
    const slots = new Int32Array(series.length);
    for (let i = 0; i < series.length; i++) slots[i] = series[i]!.slot;
    const selection: Selection = {
      version: this.#version,
      series,
      slots,
      labels: series.map((s) => s.labels),
    };
    this.#selections.set(matchers, selection);
    return selection;
  }

  #matching(matchers: readonly LabelMatcher[]): MemSeries[] {
    const refs = this.#index.candidates(matchers);
    // Postings already enforce the matchers that reject ""; the rest are checked per series.
    const residual = matchers.filter((m) => matchesValue(m, ""));
    const matches = (series: MemSeries) =>
      residual.every((m) => matchesValue(m, series.labels[m.name] ?? ""));
    const out: MemSeries[] = [];
    if (refs === undefined) {
      for (const series of this.#series.values()) if (matches(series)) out.push(series);
      return out;
    }
    for (const ref of refs) {
      const series = this.#series.get(ref)!;
      if (residual.length === 0 || matches(series)) out.push(series);
    }
    return out;
  }
}

function isSortedByTime(samples: readonly AppendedSample[]): boolean {
  for (let i = 1; i < samples.length; i++) {
    if (samples[i]!.timestampMs < samples[i - 1]!.timestampMs) return false;
  }
  return true;
}

/** Drops the sealed chunks whose samples are all older than `minTimeMs`; how many are left. */
function dropOlderChunks(series: MemSeries, minTimeMs: number): number {
  const chunks = series.chunks;
  let keep = 0;
  while (keep < chunks.length && chunks[keep]!.maxTimeMs < minTimeMs) keep++;
  if (keep === chunks.length) series.chunks = NO_CHUNKS;
  else if (keep > 0) chunks.splice(0, keep);
  return series.chunks.length;
}

function overlaps(series: MemSeries, heads: HeadChunks, minTimeMs: number, maxTimeMs: number): boolean {
  const chunks = series.chunks;
  const headCount = heads.count(series.slot);
  const firstMs =
    chunks.length > 0 ? chunks[0]!.minTimeMs : headCount > 0 ? heads.minTimeMs(series.slot) : undefined;
  if (firstMs === undefined) return false;
  const lastMs = headCount > 0 ? heads.maxTimeMs(series.slot) : chunks[chunks.length - 1]!.maxTimeMs;
  return firstMs <= maxTimeMs && lastMs >= minTimeMs;
}

// One chunk decoded when an instant read falls before the head chunk's newest sample.
const scratchTimes = new Float64Array(SAMPLES_PER_CHUNK);
const scratchValues = new Float64Array(SAMPLES_PER_CHUNK);
const scratchStale = new Uint8Array(SAMPLES_PER_CHUNK);

/** The newest sample at or before maxTimeMs, decoding the one chunk that holds it. */
function olderSample(
  series: MemSeries,
  heads: HeadChunks,
  maxTimeMs: number,
): { timeMs: number; value: number; isStale: boolean } | undefined {
  const slot = series.slot;
  let count: number;
  if (heads.count(slot) > 0 && heads.minTimeMs(slot) <= maxTimeMs) {
    count = heads.count(slot);
    heads.decodeInto(slot, scratchTimes, scratchValues, scratchStale, 0);
  } else {
    const chunks = series.chunks;
    // The last chunk starting at or before maxTimeMs: chunks do not overlap and are in time order.
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid]!.minTimeMs <= maxTimeMs) lo = mid + 1;
      else hi = mid;
    }
    const chunk = chunks[lo - 1];
    if (chunk === undefined) return undefined;
    count = chunk.count;
    chunk.decodeInto(scratchTimes, scratchValues, scratchStale, 0);
  }
  let i = count - 1;
  while (scratchTimes[i]! > maxTimeMs) i--;
  return { timeMs: scratchTimes[i]!, value: scratchValues[i]!, isStale: scratchStale[i] === 1 };
}

/** The samples of the chunks overlapping the window; undefined when there are none. */
function decodeWindow(
  series: MemSeries,
  heads: HeadChunks,
  minTimeMs: number,
  maxTimeMs: number,
): StoredSeries | undefined {
  const chunks = series.chunks;
  const slot = series.slot;
  const headCount = heads.count(slot);
  let first = 0;
  while (first < chunks.length && chunks[first]!.maxTimeMs < minTimeMs) first++;
  let end = first;
  let count = 0;
  while (end < chunks.length && chunks[end]!.minTimeMs <= maxTimeMs) count += chunks[end++]!.count;
  const isHeadIn = headCount > 0 && heads.maxTimeMs(slot) >= minTimeMs && heads.minTimeMs(slot) <= maxTimeMs;
  if (isHeadIn) count += headCount;
  if (count === 0) return undefined;
  const timestampsMs = new Float64Array(count);
  const values = new Float64Array(count);
  const staleFlags = new Uint8Array(count);
  let offset = 0;
  let hasStale = false;
  for (let i = first; i < end; i++) {
    const chunk = chunks[i]!;
    if (chunk.decodeInto(timestampsMs, values, staleFlags, offset)) hasStale = true;
    offset += chunk.count;
  }
  if (isHeadIn && heads.decodeInto(slot, timestampsMs, values, staleFlags, offset)) hasStale = true;
  if (!hasStale) return { labels: series.labels, timestampsMs, values };
  return { labels: series.labels, timestampsMs, values, stale: Array.from(staleFlags, (f) => f === 1) };
}

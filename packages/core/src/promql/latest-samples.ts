import type { Labels } from "./labels.js";
import type { StoredSeries } from "./series-store.js";

/**
 * Of each selected series, its newest sample at or before an instant (`SeriesStore.selectLatest`):
 * the series side by side rather than an object each, since one round of rules reads thousands.
 * A store never changes the arrays it returned: it may hand out the same `labels` again while the
 * selected series stay the same, and the evaluator keeps what it derived from them until they change.
 */
export type LatestSamples = {
  readonly labels: readonly Labels[];
  readonly timestampsMs: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /** Same length as `values`; true marks a staleness marker. Omitted when there is none. */
  readonly stale?: ArrayLike<boolean>;
};

/** `selectLatest`'s answer from `select`'s series, in their order: for stores without `selectLatest`. */
export function latestOf(
  series: Iterable<StoredSeries>,
  minTimeMs: number,
  maxTimeMs: number,
): LatestSamples {
  const labels: Labels[] = [];
  const timestampsMs: number[] = [];
  const values: number[] = [];
  const stale: boolean[] = [];
  for (const s of series) {
    const i = lastIndexAtOrBefore(s.timestampsMs, maxTimeMs);
    if (i < 0 || s.timestampsMs[i]! < minTimeMs) continue;
    labels.push(s.labels);
    timestampsMs.push(s.timestampsMs[i]!);
    values.push(s.values[i]!);
    stale.push(s.stale?.[i] === true);
  }
  return stale.includes(true) ? { labels, timestampsMs, values, stale } : { labels, timestampsMs, values };
}

/** Index of the last timestamp <= t, or -1. */
export function lastIndexAtOrBefore(ts: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

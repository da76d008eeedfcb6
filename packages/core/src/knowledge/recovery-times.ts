import { RECOVERIES_KEPT } from "../protocol/engine-state.js";

/** Nearest-rank 90th percentile; null with nothing to rank. */
export function p90Of(recoveriesMs: readonly number[]): number | null {
  if (recoveriesMs.length === 0) return null;
  const sorted = [...recoveriesMs].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null;
}

/** The most recent recovery times, oldest first, within what a row keeps. */
export function keepRecent(recoveriesMs: readonly number[]): number[] {
  return recoveriesMs.slice(-RECOVERIES_KEPT);
}

/** The mean of two means, each weighed by how many it is over; null when neither has any. */
export function pooledMean(
  a: { readonly mean: number | null; readonly count: number },
  b: { readonly mean: number | null; readonly count: number },
): number | null {
  const countA = a.mean === null ? 0 : a.count;
  const countB = b.mean === null ? 0 : b.count;
  if (countA + countB === 0) return a.mean ?? b.mean;
  return ((a.mean ?? 0) * countA + (b.mean ?? 0) * countB) / (countA + countB);
}

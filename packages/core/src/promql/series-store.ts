import type { LabelMatcher } from "./label-matcher.js";
import type { Labels } from "./labels.js";
import type { LatestSamples } from "./latest-samples.js";

/** One series as a store returns it: ascending timestamps and their values, side by side. */
export type StoredSeries = {
  readonly labels: Labels;
  readonly timestampsMs: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /**
   * Same length as `values`; true marks a staleness marker (Prometheus's special NaN
   * 0x7ff0000000000002, which JS cannot carry reliably through numbers). Omit when there is none.
   */
  readonly stale?: ArrayLike<boolean>;
};

/**
 * What the PromQL evaluator reads. `select` returns every series whose labels satisfy all matchers
 * (a missing label equals "") and that has samples in [minTimeMs, maxTimeMs]. Samples outside that
 * window may be included; the evaluator filters them. Empty-valued labels must not be returned.
 */
export interface SeriesStore {
  select(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): Iterable<StoredSeries>;
  /** True when `select` always yields series in `compareLabels` order, so the evaluator need not sort. */
  readonly sortsSeries?: boolean;
  /**
   * Optional, for instant selectors: of each series `select` would yield, only its newest sample at or
   * before maxTimeMs, for the series where that sample is not older than minTimeMs; in `compareLabels` order.
   */
  readonly selectLatest?: (
    matchers: readonly LabelMatcher[],
    minTimeMs: number,
    maxTimeMs: number,
  ) => LatestSamples;
}

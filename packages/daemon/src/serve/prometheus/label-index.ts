import type { LabelMatcher } from "@orbt/core";

/**
 * Label names and values of the series that match `matchers` (all series when absent) and have
 * samples in [minTimeMs, maxTimeMs] (unbounded when absent). Order and duplicates do not matter;
 * empty values are never reported. A store with an inverted index implements this directly.
 */
export interface LabelIndex {
  labelNames(matchers?: readonly LabelMatcher[], minTimeMs?: number, maxTimeMs?: number): Iterable<string>;
  labelValues(
    name: string,
    matchers?: readonly LabelMatcher[],
    minTimeMs?: number,
    maxTimeMs?: number,
  ): Iterable<string>;
}

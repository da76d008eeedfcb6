import { compareLabels, type LabelMatcher, type Labels, type SeriesStore } from "@orbt/core";
import { sortLabels } from "./sort-labels.js";

/** The label sets of the series any matcher set selects in the window, deduplicated and sorted. */
export function listSeries(
  store: SeriesStore,
  matcherSets: readonly (readonly LabelMatcher[])[],
  minTimeMs: number,
  maxTimeMs: number,
): Labels[] {
  const byKey = new Map<string, Labels>();
  for (const matchers of matcherSets) {
    for (const series of store.select(matchers, minTimeMs, maxTimeMs)) {
      const labels = sortLabels(series.labels);
      byKey.set(JSON.stringify(labels), labels);
    }
  }
  return [...byKey.values()].sort(compareLabels);
}

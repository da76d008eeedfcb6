import type { LabelMatcher, Labels, SeriesStore } from "@orbt/core";
import { sortLabels } from "./sort-labels.js";

// Prometheus's labels.Compare: pairwise by name then value, a prefix first.
function compareLabelSets(a: Labels, b: Labels): number {
  const an = Object.keys(a);
  const bn = Object.keys(b);
  for (let i = 0; i < Math.min(an.length, bn.length); i++) {
    const x = an[i]!;
    const y = bn[i]!;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x]!;
    const yv = b[y]!;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}

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
  return [...byKey.values()].sort(compareLabelSets);
}

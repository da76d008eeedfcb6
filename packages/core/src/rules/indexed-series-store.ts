import type { LabelMatcher } from "../promql/label-matcher.js";
import { matchesLabels } from "../promql/label-matcher.js";
import { type Labels, METRIC_NAME_LABEL } from "../promql/labels.js";
import type { SeriesStore, StoredSeries } from "../promql/series-store.js";

const NO_SERIES: StoredSeries[] = [];

// Stored label sets live as long as their series, so their keys are computed once, not every round.
const sortKeys = new WeakMap<Labels, string>();

/** Orders label sets as compareLabels does (names, then values, pairwise), as one string comparison. */
function sortKey(labels: Labels): string {
  let key = sortKeys.get(labels);
  if (key === undefined) {
    key = "";
    for (const name of Object.keys(labels).sort()) key += `${name}\0${labels[name]}\0`;
    sortKeys.set(labels, key);
  }
  return key;
}

type MetricIndex = {
  readonly series: StoredSeries[];
  readonly postings: Map<string, Map<string, StoredSeries[]>>;
};

/**
 * A read-only view of a store for one evaluation round: per metric name, series are indexed by label
 * value on first use, so a thousand rules each selecting `m{service="x"}` touch only their own series.
 * Valid while the underlying store does not change, which holds within `evaluateGroup`. Candidate lists
 * are sorted once, in the evaluator's order, so its per-query sort finds them already in place.
 */
export class IndexedSeriesStore implements SeriesStore {
  readonly #metrics = new Map<string, MetricIndex>();
  readonly #sorted = new WeakSet<StoredSeries[]>();

  constructor(private readonly base: SeriesStore) {}

  select(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): Iterable<StoredSeries> {
    const byName = matchers.find((m) => m.name === METRIC_NAME_LABEL && m.type === "=");
    if (byName === undefined) return this.base.select(matchers, minTimeMs, maxTimeMs);
    const metric = this.#metricIndex(byName.value);
    let candidates = metric.series;
    let indexed: LabelMatcher = byName;
    for (const m of matchers) {
      if (m.type !== "=" || m.name === METRIC_NAME_LABEL || m.value === "") continue;
      const posting = this.#posting(metric, m.name).get(m.value) ?? NO_SERIES;
      if (posting.length < candidates.length) {
        candidates = posting;
        indexed = m;
      }
    }
    // Every candidate already satisfies the name matcher and the one whose posting list was taken.
    const rest = matchers.filter((m) => m !== byName && m !== indexed);
    if (!this.#sorted.has(candidates)) {
      candidates.sort((a, b) => {
        const x = sortKey(a.labels);
        const y = sortKey(b.labels);
        return x < y ? -1 : x > y ? 1 : 0;
      });
      this.#sorted.add(candidates);
    }
    const out: StoredSeries[] = [];
    for (const series of candidates) {
      const ts = series.timestampsMs;
      if (ts.length === 0 || ts[0]! > maxTimeMs || ts[ts.length - 1]! < minTimeMs) continue;
      if (rest.length === 0 || matchesLabels(rest, series.labels)) out.push(series);
    }
    return out;
  }

  #metricIndex(name: string): MetricIndex {
    let metric = this.#metrics.get(name);
    if (metric === undefined) {
      const all = [{ name: METRIC_NAME_LABEL, type: "=" as const, value: name }];
      metric = {
        series: [...this.base.select(all, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)],
        postings: new Map(),
      };
      this.#metrics.set(name, metric);
    }
    return metric;
  }

  #posting(metric: MetricIndex, labelName: string): Map<string, StoredSeries[]> {
    let posting = metric.postings.get(labelName);
    if (posting === undefined) {
      posting = new Map();
      for (const series of metric.series) {
        const value = series.labels[labelName];
        if (value === undefined) continue;
        const list = posting.get(value);
        if (list === undefined) posting.set(value, [series]);
        else list.push(series);
      }
      metric.postings.set(labelName, posting);
    }
    return posting;
  }
}

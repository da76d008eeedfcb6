import type { LabelMatcher } from "../promql/label-matcher.js";
import { type Labels, labelsKey, METRIC_NAME_LABEL, sortByLabels } from "../promql/labels.js";
import { type LatestSamples, latestOf } from "../promql/latest-samples.js";
import { MemorySeriesStore } from "../promql/memory-series-store.js";
import type { SeriesStore, StoredSeries } from "../promql/series-store.js";
import type { RuleSample } from "./rule-sample.js";

/**
 * A store plus the samples written earlier in the same group evaluation, so later rules read what
 * earlier rules recorded at this instant, as they do in Prometheus, while the real store stays untouched.
 */
export class OverlaySeriesStore implements SeriesStore {
  readonly #added = new MemorySeriesStore();
  // Appending is deferred until a query asks for one of these metric names: most never do.
  #pending: (readonly RuleSample[])[] = [];
  readonly #names = new Set<string>();
  readonly sortsSeries: boolean;

  constructor(private readonly base: SeriesStore) {
    this.sortsSeries = base.sortsSeries === true;
  }

  /** `metricNames`, when the caller knows them, are those of all the samples: each need not be read. */
  add(samples: readonly RuleSample[], metricNames?: readonly string[]): void {
    if (samples.length === 0) return;
    this.#pending.push(samples);
    if (metricNames !== undefined) for (const name of metricNames) this.#names.add(name);
    else for (const s of samples) this.#names.add(s.labels[METRIC_NAME_LABEL] ?? "");
  }

  select(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): Iterable<StoredSeries> {
    if (!this.#touchesAdded(matchers)) return this.base.select(matchers, minTimeMs, maxTimeMs);
    const merged = [...this.#selectMerged(matchers, minTimeMs, maxTimeMs)];
    return this.sortsSeries ? this.#sorted(merged) : merged;
  }

  selectLatest(matchers: readonly LabelMatcher[], minTimeMs: number, maxTimeMs: number): LatestSamples {
    if (!this.#touchesAdded(matchers) && this.base.selectLatest !== undefined) {
      return this.base.selectLatest(matchers, minTimeMs, maxTimeMs);
    }
    const series = this.#touchesAdded(matchers)
      ? this.#selectMerged(matchers, minTimeMs, maxTimeMs)
      : this.base.select(matchers, minTimeMs, maxTimeMs);
    return latestOf(this.#sorted(series), minTimeMs, maxTimeMs);
  }

  #touchesAdded(matchers: readonly LabelMatcher[]): boolean {
    const byName = matchers.find((m) => m.name === METRIC_NAME_LABEL && m.type === "=");
    return this.#names.size > 0 && (byName === undefined || this.#names.has(byName.value));
  }

  #sorted(series: Iterable<StoredSeries>): StoredSeries[] {
    return sortByLabels([...series], (s) => s.labels);
  }

  *#selectMerged(
    matchers: readonly LabelMatcher[],
    minTimeMs: number,
    maxTimeMs: number,
  ): Iterable<StoredSeries> {
    for (const samples of this.#pending) {
      for (const s of samples) {
        this.#added.append(s.labels, [
          { timestampMs: s.timestampMs, value: s.value, isStale: s.isStale === true },
        ]);
      }
    }
    this.#pending = [];
    const added = new Map<string, StoredSeries>();
    for (const s of this.#added.select(matchers, minTimeMs, maxTimeMs)) added.set(labelsKey(s.labels), s);
    if (added.size === 0) {
      yield* this.base.select(matchers, minTimeMs, maxTimeMs);
      return;
    }
    for (const series of this.base.select(matchers, minTimeMs, maxTimeMs)) {
      const key = labelsKey(series.labels);
      const extra = added.get(key);
      if (extra === undefined) {
        yield series;
        continue;
      }
      added.delete(key);
      yield mergeSeries(series.labels, series, extra);
    }
    yield* added.values();
  }
}

function mergeSeries(labels: Labels, older: StoredSeries, newer: StoredSeries): StoredSeries {
  const firstNewMs = newer.timestampsMs[0] ?? Number.POSITIVE_INFINITY;
  const timestampsMs: number[] = [];
  const values: number[] = [];
  const stale: boolean[] = [];
  for (let i = 0; i < older.timestampsMs.length && older.timestampsMs[i]! < firstNewMs; i++) {
    timestampsMs.push(older.timestampsMs[i]!);
    values.push(older.values[i]!);
    stale.push(older.stale?.[i] === true);
  }
  for (let i = 0; i < newer.timestampsMs.length; i++) {
    timestampsMs.push(newer.timestampsMs[i]!);
    values.push(newer.values[i]!);
    stale.push(newer.stale?.[i] === true);
  }
  return { labels, timestampsMs, values, stale };
}

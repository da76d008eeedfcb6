import { matchesLabels } from "./label-matcher.js";
import { type Labels, labelsKey, METRIC_NAME_LABEL, normalizeLabels } from "./labels.js";
import type { SeriesStore, StoredSeries } from "./series-store.js";

/** A sample to append; `isStale` writes a staleness marker instead of `value`. */
export type AppendedSample = {
  readonly timestampMs: number;
  readonly value: number;
  readonly isStale?: boolean;
};

type MutableSeries = { labels: Labels; timestampsMs: number[]; values: number[]; stale: boolean[] };

/** The simplest `SeriesStore`: all samples in arrays, appended in time order per series. */
export class MemorySeriesStore implements SeriesStore {
  readonly #series = new Map<string, MutableSeries>();
  readonly #byName = new Map<string, MutableSeries[]>();

  append(labels: Labels, samples: readonly AppendedSample[]): void {
    const normalized = normalizeLabels(labels);
    const key = labelsKey(normalized);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { labels: normalized, timestampsMs: [], values: [], stale: [] };
      this.#series.set(key, series);
      const name = normalized[METRIC_NAME_LABEL] ?? "";
      const named = this.#byName.get(name);
      if (named === undefined) this.#byName.set(name, [series]);
      else named.push(series);
    }
    for (const sample of samples) insertSample(series, sample);
  }

  *select(
    matchers: Parameters<SeriesStore["select"]>[0],
    minTimeMs: number,
    maxTimeMs: number,
  ): Iterable<StoredSeries> {
    // Most selectors name their metric; only scan that metric's series then.
    const byName = matchers.find((m) => m.name === METRIC_NAME_LABEL && m.type === "=");
    const candidates = byName === undefined ? this.#series.values() : (this.#byName.get(byName.value) ?? []);
    for (const series of candidates) {
      if (!matchesLabels(matchers, series.labels)) continue;
      const ts = series.timestampsMs;
      if (ts.length === 0 || ts[0]! > maxTimeMs || ts[ts.length - 1]! < minTimeMs) continue;
      yield series;
    }
  }
}

function insertSample(series: MutableSeries, sample: AppendedSample): void {
  const ts = series.timestampsMs;
  let i = ts.length;
  while (i > 0 && ts[i - 1]! > sample.timestampMs) i--;
  const isStale = sample.isStale === true;
  if (i > 0 && ts[i - 1] === sample.timestampMs) {
    series.values[i - 1] = sample.value;
    series.stale[i - 1] = isStale;
    return;
  }
  ts.splice(i, 0, sample.timestampMs);
  series.values.splice(i, 0, sample.value);
  series.stale.splice(i, 0, isStale);
}

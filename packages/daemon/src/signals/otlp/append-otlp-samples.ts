import type { AppendRejectionReason } from "../ingest/append-samples.js";
import type { LabelLimits } from "../ingest/label-limits.js";
import { refuseNewSeries } from "../ingest/new-series.js";
import { withoutZeros } from "../ingest/rejection-counts.js";
import type { SeriesCardinality } from "../ingest/series-cardinality.js";
import type { SeriesRefAppender } from "../series-appender.js";
import type { CachedOtlpSeries, OtlpSeriesCache } from "./otlp-series-cache.js";
import { type OtlpSample, otlpSampleLabels } from "./translate-otlp-metrics.js";

export type OtlpSeriesTarget = {
  readonly store: SeriesRefAppender;
  readonly cache: OtlpSeriesCache;
  readonly cardinality: SeriesCardinality;
  readonly limits: LabelLimits;
};

export type OtlpAppendedCounts = {
  readonly accepted: number;
  readonly rejections: Readonly<Partial<Record<AppendRejectionReason | "label_limits", number>>>;
};

/**
 * Appends translated samples, each series' in time order, as `appendSamples` does for labelled ones: a
 * series past the label limits or its service's (`job`'s) cardinality budget is refused, one rejection per
 * sample, and the store's out-of-order refusals are counted. A series found in the cache was checked and
 * admitted when it was cached, and goes straight to its ref.
 */
export function appendOtlpSamples(
  samples: readonly OtlpSample[],
  target: OtlpSeriesTarget,
): OtlpAppendedCounts {
  const { store, cache, cardinality, limits } = target;
  const series: CachedOtlpSeries[] = [];
  const kept: OtlpSample[] = [];
  const refused: Record<AppendRejectionReason | "label_limits", number> = {
    label_limits: 0,
    cardinality_limit: 0,
    out_of_order: 0,
  };
  cache.startRequest();
  for (const sample of samples) {
    let cached = cache.find(sample);
    if (cached === undefined) {
      const labels = otlpSampleLabels(sample);
      const refusal = refuseNewSeries(labels, limits, cardinality);
      if (refusal !== undefined) {
        refused[refusal] += 1;
        continue;
      }
      cached = cache.add(sample, store.getOrCreateSeriesRef(labels), labels);
    }
    series.push(cached);
    kept.push(sample);
  }

  let accepted = 0;
  for (const index of inSeriesTimeOrder(series, kept, cache.hasRepeats)) {
    const { timestampMs, value } = kept[index]!;
    const cached = series[index]!;
    let outcome = store.appendRef(cached.ref, timestampMs, value, false);
    if (outcome === "unknown_series") {
      // The store dropped the series (retention) since it was cached: the same labels get a new ref.
      cache.replaceRef(cached, store.getOrCreateSeriesRef(cached.labels));
      outcome = store.appendRef(cached.ref, timestampMs, value, false);
    }
    if (outcome === "out_of_order") refused.out_of_order += 1;
    else accepted += 1;
  }
  return { accepted, rejections: withoutZeros(refused) };
}

/**
 * Sample indexes with each series' samples in time order. A request names each series once as a rule,
 * and then they are already; else the samples of a series are gathered and sorted.
 */
function inSeriesTimeOrder(
  series: readonly CachedOtlpSeries[],
  samples: readonly OtlpSample[],
  hasRepeats: boolean,
): Iterable<number> {
  if (!hasRepeats) return series.keys();
  const bySeries = new Map<CachedOtlpSeries, number[]>();
  for (const [index, cached] of series.entries()) {
    const indexes = bySeries.get(cached);
    if (indexes === undefined) bySeries.set(cached, [index]);
    else indexes.push(index);
  }
  return [...bySeries.values()].flatMap((indexes) =>
    indexes.sort((a, b) => samples[a]!.timestampMs - samples[b]!.timestampMs),
  );
}

import type { AppendRejectionReason } from "../ingest/append-samples.js";
import type { LabelLimits } from "../ingest/label-limits.js";
import { refuseNewSeries } from "../ingest/new-series.js";
import { withoutZeros } from "../ingest/rejection-counts.js";
import type { SeriesCardinality } from "../ingest/series-cardinality.js";
import type { SeriesRefAppender } from "../series-appender.js";
import { attributeTextsOfKey, type OtlpSampleColumns } from "./otlp-sample-columns.js";
import type { CachedOtlpSeries, OtlpSeriesCache } from "./otlp-series-cache.js";
import { otlpLabels } from "./translate-otlp-metrics.js";

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
 * admitted when it was cached, and goes straight to its ref. Read from columns, a sample costs no object,
 * and one of a series in the cache no string either.
 */
export function appendOtlpSamples(samples: OtlpSampleColumns, target: OtlpSeriesTarget): OtlpAppendedCounts {
  const { store, cache, cardinality, limits } = target;
  const { families, familyIndexes, seriesHashes, keyStarts, keyEnds, keyUnits, timestampsMs, values } =
    samples;
  const keys = new DataView(keyUnits.buffer, keyUnits.byteOffset, keyUnits.byteLength);
  const count = familyIndexes.length;
  // Per sample, its series; undefined when refused.
  const series = new Array<CachedOtlpSeries | undefined>(count);
  const refused: Record<AppendRejectionReason | "label_limits", number> = {
    label_limits: 0,
    cardinality_limit: 0,
    out_of_order: 0,
  };
  const familyIds = cache.startRequest(families);
  const labelsAt = (index: number) =>
    otlpLabels(
      families[familyIndexes[index]!]!,
      attributeTextsOfKey(keyUnits, keyStarts[index]!, keyEnds[index]!),
    );
  for (let index = 0; index < count; index++) {
    const familyIndex = familyIndexes[index]!;
    const familyId = familyIds[familyIndex]!;
    const hash = seriesHashes[index]!;
    const start = keyStarts[index]!;
    const end = keyEnds[index]!;
    // The cache compares keys' bytes.
    let cached = cache.find(familyId, hash, keys, 2 * start, 2 * end);
    if (cached === undefined) {
      const labels = labelsAt(index);
      const refusal = refuseNewSeries(labels, limits, cardinality);
      if (refusal !== undefined) {
        refused[refusal] += 1;
        continue;
      }
      const ref = store.getOrCreateSeriesRef(labels);
      cached = cache.add(familyId, hash, keys, 2 * start, 2 * end, ref);
    }
    series[index] = cached;
  }

  let accepted = 0;
  const append = (index: number) => {
    const cached = series[index];
    if (cached === undefined) return;
    const timestampMs = timestampsMs[index]!;
    const value = values[index]!;
    let outcome = store.appendRef(cached.ref, timestampMs, value, false);
    if (outcome === "unknown_series") {
      // The store dropped the series (retention) since it was cached: the same labels, built again from
      // this sample's key (not kept per series), get a new ref.
      cache.replaceRef(cached, store.getOrCreateSeriesRef(labelsAt(index)));
      outcome = store.appendRef(cached.ref, timestampMs, value, false);
    }
    if (outcome === "out_of_order") refused.out_of_order += 1;
    else accepted += 1;
  };
  if (cache.hasRepeats) for (const index of inSeriesTimeOrder(series, timestampsMs)) append(index);
  else for (let index = 0; index < count; index++) append(index);
  return { accepted, rejections: withoutZeros(refused) };
}

/**
 * Indexes of the samples kept, with each series' samples gathered in time order, for a request that names
 * some series more than once (a request names each series once as a rule, and is then in order already).
 */
function inSeriesTimeOrder(
  series: readonly (CachedOtlpSeries | undefined)[],
  timestampsMs: Float64Array,
): number[] {
  const bySeries = new Map<CachedOtlpSeries, number[]>();
  for (const [index, cached] of series.entries()) {
    if (cached === undefined) continue;
    const indexes = bySeries.get(cached);
    if (indexes === undefined) bySeries.set(cached, [index]);
    else indexes.push(index);
  }
  return [...bySeries.values()].flatMap((indexes) =>
    indexes.sort((a, b) => timestampsMs[a]! - timestampsMs[b]!),
  );
}

import type { AppendRejectionReason } from "../ingest/append-samples.js";
import type { LabelLimits } from "../ingest/label-limits.js";
import { refuseNewSeries } from "../ingest/new-series.js";
import { withoutZeros } from "../ingest/rejection-counts.js";
import type { SeriesCardinality } from "../ingest/series-cardinality.js";
import type { SeriesRefAppender } from "../series-appender.js";
import { attributeTextsOfKey, type OtlpSampleColumns } from "./otlp-sample-columns.js";
import type { CachedOtlpSeries, OtlpSeriesCache } from "./otlp-series-cache.js";
import { otlpLabels } from "./translate-otlp-metrics.js";

let seriesOfSamples: (CachedOtlpSeries | undefined)[] = [];

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
  const { families, familyIndexes, seriesHashes, keyStarts, keyEnds, keyUnits, timestampsMs } = samples;
  const keys = new DataView(keyUnits.buffer, keyUnits.byteOffset, keyUnits.byteLength);
  const count = familyIndexes.length;
  // Per sample, its series; undefined when refused. One array for every request (appending is
  // synchronous), each of its first `count` places set below, and emptied after use so that it holds no
  // series the cache has let go.
  if (seriesOfSamples.length < count) seriesOfSamples = new Array(count);
  const series = seriesOfSamples;
  const refused: Record<AppendRejectionReason | "label_limits", number> = {
    label_limits: 0,
    cardinality_limit: 0,
    out_of_order: 0,
  };
  const familyIds = cache.startRequest(families);
  for (let index = 0; index < count; index++) {
    const familyIndex = familyIndexes[index]!;
    const familyId = familyIds[familyIndex]!;
    const hash = seriesHashes[index]!;
    const start = keyStarts[index]!;
    const end = keyEnds[index]!;
    // The cache compares keys' bytes.
    let cached = cache.find(familyId, hash, keys, 2 * start, 2 * end);
    if (cached === undefined) {
      const labels = sampleLabels(samples, index);
      const refusal = refuseNewSeries(labels, limits, cardinality);
      if (refusal !== undefined) {
        refused[refusal] += 1;
        series[index] = undefined;
        continue;
      }
      const ref = store.getOrCreateSeriesRef(labels);
      cached = cache.add(familyId, hash, keys, 2 * start, 2 * end, ref);
    }
    series[index] = cached;
  }

  let accepted = 0;
  if (cache.hasRepeats) {
    for (const index of inSeriesTimeOrder(series, count, timestampsMs)) {
      if (appendSample(samples, index, series[index]!, target)) accepted += 1;
      else refused.out_of_order += 1;
    }
  } else {
    for (let index = 0; index < count; index++) {
      const cached = series[index];
      if (cached === undefined) continue;
      if (appendSample(samples, index, cached, target)) accepted += 1;
      else refused.out_of_order += 1;
    }
  }
  series.fill(undefined, 0, count);
  return { accepted, rejections: withoutZeros(refused) };
}

/** Appends sample `index` to its series; false when the store refused it as out of order. */
function appendSample(
  samples: OtlpSampleColumns,
  index: number,
  cached: CachedOtlpSeries,
  target: OtlpSeriesTarget,
): boolean {
  const { store, cache } = target;
  const timestampMs = samples.timestampsMs[index]!;
  const value = samples.values[index]!;
  let outcome = store.appendRef(cached.ref, timestampMs, value, false);
  if (outcome === "unknown_series") {
    // The store dropped the series (retention) since it was cached: the same labels, built again from
    // this sample's key (not kept per series), get a new ref.
    cache.replaceRef(cached, store.getOrCreateSeriesRef(sampleLabels(samples, index)));
    outcome = store.appendRef(cached.ref, timestampMs, value, false);
  }
  return outcome !== "out_of_order";
}

/** The labels of sample `index`'s series, built from its family and key. */
function sampleLabels(samples: OtlpSampleColumns, index: number): Record<string, string> {
  const { families, familyIndexes, keyUnits, keyStarts, keyEnds } = samples;
  return otlpLabels(
    families[familyIndexes[index]!]!,
    attributeTextsOfKey(keyUnits, keyStarts[index]!, keyEnds[index]!),
  );
}

/**
 * Indexes of the samples kept, with each series' samples gathered in time order, for a request that names
 * some series more than once (a request names each series once as a rule, and is then in order already).
 */
function inSeriesTimeOrder(
  series: readonly (CachedOtlpSeries | undefined)[],
  count: number,
  timestampsMs: Float64Array,
): number[] {
  const bySeries = new Map<CachedOtlpSeries, number[]>();
  for (let index = 0; index < count; index++) {
    const cached = series[index];
    if (cached === undefined) continue;
    const indexes = bySeries.get(cached);
    if (indexes === undefined) bySeries.set(cached, [index]);
    else indexes.push(index);
  }
  return [...bySeries.values()].flatMap((indexes) =>
    indexes.sort((a, b) => timestampsMs[a]! - timestampsMs[b]!),
  );
}

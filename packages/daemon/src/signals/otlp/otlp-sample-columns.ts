import type { ReceivedOtlp } from "./receive-otlp.js";
import type { OtlpSample, OtlpSeriesFamily } from "./translate-otlp-metrics.js";

/**
 * Translated OTLP samples as columns, sample `i` at index `i` of each: what the receiver appends from,
 * without an object per sample. Attributes are kept only as their keys, from which a series the receiver
 * has not cached gets its labels (`attributeTextsOfKey`).
 */
export type OtlpSampleColumns = {
  readonly families: readonly OtlpSeriesFamily[];
  /** Per sample, its family's index in `families`. */
  readonly familyIndexes: Int32Array;
  /** Per sample, its `attributesKey`. */
  readonly attributesKeys: readonly string[];
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
};

/** An OTLP metrics request decoded and translated, its samples as columns. */
export type ReceivedOtlpMetrics = Omit<ReceivedOtlp<OtlpSample>, "items"> & {
  readonly samples: OtlpSampleColumns;
};

export function toOtlpSampleColumns(samples: readonly OtlpSample[]): OtlpSampleColumns {
  const families: OtlpSeriesFamily[] = [];
  // Most samples follow one of their family's: the last family found spares the map.
  const familyIndex = new Map<OtlpSeriesFamily, number>();
  let lastFamily: OtlpSeriesFamily | undefined;
  let lastIndex = -1;
  const familyIndexes = new Int32Array(samples.length);
  const attributesKeys = new Array<string>(samples.length);
  const timestampsMs = new Float64Array(samples.length);
  const values = new Float64Array(samples.length);
  for (let index = 0; index < samples.length; index++) {
    const sample = samples[index]!;
    if (sample.family !== lastFamily) {
      lastFamily = sample.family;
      lastIndex = familyIndex.get(lastFamily) ?? -1;
      if (lastIndex < 0) {
        lastIndex = families.push(lastFamily) - 1;
        familyIndex.set(lastFamily, lastIndex);
      }
    }
    familyIndexes[index] = lastIndex;
    attributesKeys[index] = sample.attributesKey;
    timestampsMs[index] = sample.timestampMs;
    values[index] = sample.value;
  }
  return { families, familyIndexes, attributesKeys, timestampsMs, values };
}

/** The received request with its samples as columns. */
export function withSampleColumns(received: ReceivedOtlp<OtlpSample>): ReceivedOtlpMetrics {
  const { items, ...rest } = received;
  return { ...rest, samples: toOtlpSampleColumns(items) };
}

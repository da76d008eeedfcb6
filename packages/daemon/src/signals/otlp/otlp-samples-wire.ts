import { attributeTexts } from "./attribute-text.js";
import type { ReceivedOtlp } from "./receive-otlp.js";
import type { OtlpSample, OtlpSeriesFamily } from "./translate-otlp-metrics.js";

/** Translated OTLP metrics as a decode thread sends them: flat arrays and one JSON text, few objects. */
export type PackedOtlpSamples = Omit<ReceivedOtlp<OtlpSample>, "items"> & {
  readonly families: readonly OtlpSeriesFamily[];
  /** Per sample, its family's index in `families`. */
  readonly familyIndexes: Int32Array;
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
  /** Per sample, its attributes as texts, as a JSON array. */
  readonly attributes: string;
};

/**
 * Packs translated OTLP metrics to cross from a decode thread: copying 500 samples as objects costs the
 * event loop about as much as translating them did; typed arrays are transferred, and one JSON text of
 * the attributes parses in half that. Attributes travel as their texts (`attributeText`), all that series
 * keys, labels and the series cache read of them.
 */
export function packOtlpSamples(received: ReceivedOtlp<OtlpSample>): PackedOtlpSamples {
  const { items, ...rest } = received;
  const families: OtlpSeriesFamily[] = [];
  const familyIndex = new Map<OtlpSeriesFamily, number>();
  const familyIndexes = new Int32Array(items.length);
  const timestampsMs = new Float64Array(items.length);
  const values = new Float64Array(items.length);
  const attributes = items.map((sample, index) => {
    let family = familyIndex.get(sample.family);
    if (family === undefined) {
      family = families.push(sample.family) - 1;
      familyIndex.set(sample.family, family);
    }
    familyIndexes[index] = family;
    timestampsMs[index] = sample.timestampMs;
    values[index] = sample.value;
    return attributeTexts(sample.attributes);
  });
  return { ...rest, families, familyIndexes, timestampsMs, values, attributes: JSON.stringify(attributes) };
}

export function unpackOtlpSamples(packed: PackedOtlpSamples): ReceivedOtlp<OtlpSample> {
  const { families, familyIndexes, timestampsMs, values, attributes, ...rest } = packed;
  const texts = JSON.parse(attributes) as Record<string, string>[];
  const items = texts.map(
    (sampleAttributes, index): OtlpSample => ({
      family: families[familyIndexes[index]!]!,
      attributes: sampleAttributes,
      timestampMs: timestampsMs[index]!,
      value: values[index]!,
    }),
  );
  return { ...rest, items };
}

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
  /** Per sample, its `attributesKey`, as a JSON array. */
  readonly attributesKeys: string;
  /** Per sample, its attributes as texts, as a JSON array. */
  readonly attributes: string;
};

/**
 * Packs translated OTLP metrics to cross from a decode thread: copying 500 samples as objects costs the
 * event loop about as much as translating them did; typed arrays are transferred, and JSON texts parse
 * faster than a structured clone of the same. Attributes travel as their texts (`attributeText`), all that
 * labels read of them, and are parsed only when a sample's labels are built: for a series the receiver
 * has not cached. The series cache reads the attributes keys alone.
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
  return {
    ...rest,
    families,
    familyIndexes,
    timestampsMs,
    values,
    attributesKeys: JSON.stringify(items.map((sample) => sample.attributesKey)),
    attributes: JSON.stringify(attributes),
  };
}

export function unpackOtlpSamples(packed: PackedOtlpSamples): ReceivedOtlp<OtlpSample> {
  const { families, familyIndexes, timestampsMs, values, attributesKeys, attributes, ...rest } = packed;
  const texts = new LazyAttributes(attributes);
  const keys = JSON.parse(attributesKeys) as string[];
  const items = keys.map(
    (attributesKey, index) =>
      new UnpackedSample(
        families[familyIndexes[index]!]!,
        attributesKey,
        timestampsMs[index]!,
        values[index]!,
        texts,
        index,
      ),
  );
  return { ...rest, items };
}

type AttributeTexts = Readonly<Record<string, string>>;

/** A request's attribute texts, parsed when a sample first asks for its own. */
class LazyAttributes {
  #parsed: AttributeTexts[] | undefined;

  constructor(readonly json: string) {}

  at(index: number): AttributeTexts {
    this.#parsed ??= JSON.parse(this.json) as AttributeTexts[];
    return this.#parsed[index]!;
  }
}

class UnpackedSample implements OtlpSample {
  constructor(
    readonly family: OtlpSeriesFamily,
    readonly attributesKey: string,
    readonly timestampMs: number,
    readonly value: number,
    readonly texts: LazyAttributes,
    readonly index: number,
  ) {}

  get attributes(): AttributeTexts {
    return this.texts.at(this.index);
  }
}

import type { OtlpSampleColumns, ReceivedOtlpMetrics } from "./otlp-sample-columns.js";

/** Translated OTLP metrics as a decode thread sends them: typed arrays and one JSON text, few objects. */
export type PackedOtlpSamples = Omit<ReceivedOtlpMetrics, "samples"> & {
  readonly samples: Omit<OtlpSampleColumns, "attributesKeys"> & {
    /** Per sample, its `attributesKey`, as a JSON array. */
    readonly attributesKeys: string;
  };
};

/**
 * Packs translated OTLP metrics to cross from a decode thread: typed arrays are transferred, and a JSON
 * text parses faster than a structured clone of the same array of strings. The attributes keys are all
 * that crosses of the attributes: the labels of a series the receiver has not cached are read back from
 * its key (`attributeTextsOfKey`).
 */
export function packOtlpSamples(received: ReceivedOtlpMetrics): PackedOtlpSamples {
  const { samples, ...rest } = received;
  return { ...rest, samples: { ...samples, attributesKeys: JSON.stringify(samples.attributesKeys) } };
}

export function unpackOtlpSamples(packed: PackedOtlpSamples): ReceivedOtlpMetrics {
  const { samples, ...rest } = packed;
  return { ...rest, samples: { ...samples, attributesKeys: JSON.parse(samples.attributesKeys) as string[] } };
}

import { describe, expect, it } from "vitest";
import { attributeTexts } from "./attribute-text.js";
import { withSampleColumns } from "./otlp-sample-columns.js";
import { packOtlpSamples, unpackOtlpSamples } from "./otlp-samples-wire.js";
import { receiveOtlpMetrics } from "./receive-otlp.js";
import {
  attributesKey,
  attributeTextsOfKey,
  otlpLabels,
  otlpSampleLabels,
} from "./translate-otlp-metrics.js";

const LIMITS = { maxBodyBytes: 1024 * 1024, maxDecodedBytes: 1024 * 1024 };

/** Gauges of two metrics whose points carry attributes of every kind OTLP has. */
function received() {
  const point = (index: number) => ({
    attributes: [
      { key: "cpu", value: { stringValue: String(index) } },
      { key: "core", value: { intValue: index } },
      { key: "ratio", value: { doubleValue: index / 4 } },
      { key: "busy", value: { boolValue: index % 2 === 0 } },
      { key: "tags", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: 2 }] } } },
      { key: "empty", value: {} },
    ],
    timeUnixNano: String(1_700_000_000_000_000_000n + BigInt(index) * 1_000_000n),
    asDouble: index * 1.5,
  });
  const body = JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "api" } }] },
        scopeMetrics: [
          {
            scope: { name: "test" },
            metrics: [
              { name: "load", gauge: { dataPoints: [0, 1, 2].map(point) } },
              { name: "temperature", unit: "Cel", gauge: { dataPoints: [3, 4].map(point) } },
            ],
          },
        ],
      },
    ],
  });
  return receiveOtlpMetrics(
    { body: new TextEncoder().encode(body), contentType: "application/json", contentEncoding: undefined },
    { limits: LIMITS, receivedAtMs: 1_700_000_000_000 },
  );
}

describe("packOtlpSamples and unpackOtlpSamples", () => {
  it("give back the same sample columns and answer, and labels read back from the attributes keys", () => {
    const original = received();
    expect(original.items).toHaveLength(5);
    const columns = withSampleColumns(original);
    // Through a structured clone, as between threads.
    const unpacked = unpackOtlpSamples(structuredClone(packOtlpSamples(columns)));
    expect(unpacked).toEqual(columns);
    const { families, familyIndexes, attributesKeys } = unpacked.samples;
    expect(families).toHaveLength(2);
    expect(Array.from(familyIndexes)).toEqual([0, 0, 0, 1, 1]);
    const labels = attributesKeys.map((key, index) =>
      otlpLabels(families[familyIndexes[index]!]!, attributeTextsOfKey(key)),
    );
    expect(labels).toEqual(original.items.map(otlpSampleLabels));
  });

  it("packs a request without samples", () => {
    const original = withSampleColumns({ ...received(), items: [] });
    expect(unpackOtlpSamples(packOtlpSamples(original))).toEqual(original);
  });
});

describe("attributeTextsOfKey", () => {
  it("reads back the texts of any attributes, in their order, whatever characters they hold", () => {
    const attributes = { b: "1:2", "3": "", a: [1, "x"], "é:": { k: null }, n: 4.5, t: true, z: null };
    const texts = attributeTextsOfKey(attributesKey(attributes));
    expect(Object.entries(texts)).toEqual(Object.entries(attributeTexts(attributes)));
    expect(attributeTextsOfKey("")).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { packOtlpSamples, unpackOtlpSamples } from "./otlp-samples-wire.js";
import { receiveOtlpMetrics } from "./receive-otlp.js";
import { otlpSampleLabels, otlpSeriesKey } from "./translate-otlp-metrics.js";

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
  it("give back samples with the same series keys, labels, times and values, and the same answer", () => {
    const original = received();
    expect(original.items).toHaveLength(5);
    // Through a structured clone, as between threads.
    const unpacked = unpackOtlpSamples(structuredClone(packOtlpSamples(original)));
    expect(unpacked.items.map(otlpSeriesKey)).toEqual(original.items.map(otlpSeriesKey));
    expect(unpacked.items.map(otlpSampleLabels)).toEqual(original.items.map(otlpSampleLabels));
    expect(unpacked.items.map(({ timestampMs, value }) => [timestampMs, value])).toEqual(
      original.items.map(({ timestampMs, value }) => [timestampMs, value]),
    );
    expect(unpacked.items[0]!.family).toBe(unpacked.items[2]!.family);
    const { items: _unpackedItems, ...unpackedRest } = unpacked;
    const { items: _originalItems, ...originalRest } = original;
    expect(unpackedRest).toEqual(originalRest);
  });

  it("packs a request without samples", () => {
    const original = { ...received(), items: [] };
    expect(unpackOtlpSamples(packOtlpSamples(original))).toEqual(original);
  });
});

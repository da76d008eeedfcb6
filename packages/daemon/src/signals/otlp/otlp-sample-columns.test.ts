import { describe, expect, it } from "vitest";
import { attributeTexts } from "./attribute-text.js";
import {
  attributeTextsOfKey,
  type ReceivedOtlpMetrics,
  receiveOtlpMetricColumns,
  toOtlpSampleColumns,
} from "./otlp-sample-columns.js";
import type { AttributeValue } from "./otlp-schema.js";
import { type ReceivedOtlp, receiveOtlpMetrics } from "./receive-otlp.js";
import {
  type OtlpSample,
  type OtlpSeriesFamily,
  otlpLabels,
  otlpSampleLabels,
} from "./translate-otlp-metrics.js";

/** The received request with its translated samples made columns afterwards: what the daemon built before. */
function withSampleColumns(received: ReceivedOtlp<OtlpSample>): ReceivedOtlpMetrics {
  const { items, ...rest } = received;
  return { ...rest, samples: toOtlpSampleColumns(items) };
}

const family = (name: string): OtlpSeriesFamily => ({
  name,
  labels: {},
  extraLabel: undefined,
  key: JSON.stringify([name]),
});

const sample = (of: OtlpSeriesFamily, attributes: Record<string, AttributeValue>) => ({
  family: of,
  attributes,
  timestampMs: 0,
  value: 0,
});

const LIMITS = { maxBodyBytes: 1024 * 1024, maxDecodedBytes: 1024 * 1024 };

/** Gauges of two metrics whose points carry attributes of every kind OTLP has. */
function received() {
  return receiveOtlpMetrics(...request());
}

function request(points = 2) {
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
              {
                name: "temperature",
                unit: "Cel",
                gauge: { dataPoints: Array.from({ length: points }, (_, index) => point(3 + index)) },
              },
            ],
          },
        ],
      },
    ],
  });
  return [
    { body: new TextEncoder().encode(body), contentType: "application/json", contentEncoding: undefined },
    { limits: LIMITS, receivedAtMs: 1_700_000_000_000 },
  ] as const;
}

describe("toOtlpSampleColumns", () => {
  it("crosses a structured clone whole, and gives back every sample's labels from its key's bytes", () => {
    const original = received();
    expect(original.items).toHaveLength(5);
    const columns = withSampleColumns(original);
    // Through a structured clone, as between threads.
    const cloned = structuredClone(columns);
    expect(cloned).toEqual(columns);
    const { families, familyIndexes, keyUnits, keyStarts, keyEnds } = cloned.samples;
    expect(families).toHaveLength(2);
    expect(Array.from(familyIndexes)).toEqual([0, 0, 0, 1, 1]);
    const labels = Array.from(familyIndexes, (familyIndex, index) =>
      otlpLabels(families[familyIndex]!, attributeTextsOfKey(keyUnits, keyStarts[index]!, keyEnds[index]!)),
    );
    expect(labels).toEqual(original.items.map(otlpSampleLabels));
  });

  it("writes a key once for the samples of one point, and hashes each sample's family with it", () => {
    const [sum, count] = [family("h_sum"), family("h_count")];
    const point = { a: "1" };
    const columns = toOtlpSampleColumns([
      sample(sum, point),
      sample(count, point),
      sample(sum, { a: "2" }),
      sample(sum, { a: "1" }),
      sample(sum, { a: "12" }),
      sample(sum, { a1: "2" }),
    ]);
    const { keyStarts, keyEnds, seriesHashes } = columns;
    expect([keyStarts[1], keyEnds[1]]).toEqual([keyStarts[0], keyEnds[0]]);
    expect(keyStarts[2]).toBe(keyEnds[0]);
    // Only the keys written cross to the event loop.
    expect(columns.keyUnits).toHaveLength(keyEnds[5]!);
    // Equal families and keys hash alike wherever the key lies; another family or key hashes otherwise.
    expect(seriesHashes[3]).toBe(seriesHashes[0]);
    expect(new Set([0, 1, 2, 4, 5].map((index) => seriesHashes[index])).size).toBe(5);
  });

  it("reads back the texts of any attributes, in their order, whatever characters they hold", () => {
    const sets: Record<string, AttributeValue>[] = [
      { b: "1:2", "3": "", a: [1, "x"], "é:": { k: null }, n: 4.5, t: true, z: null },
      { lone: "\ud800", pair: "a\udc00b", snow: "雪", face: "😀", "\udfff": "x" },
      {},
      { long: "x".repeat(70_000) },
    ];
    const { keyUnits, keyStarts, keyEnds } = toOtlpSampleColumns(sets.map((set) => sample(family("g"), set)));
    const texts = sets.map((_, index) => attributeTextsOfKey(keyUnits, keyStarts[index]!, keyEnds[index]!));
    expect(texts.map((text) => Object.entries(text))).toEqual(
      sets.map((set) => Object.entries(attributeTexts(set))),
    );
  });

  it("gives each request keys of its own, whatever the requests before and after it held", () => {
    const textsOf = (columns: ReturnType<typeof toOtlpSampleColumns>) =>
      Array.from(columns.keyStarts, (start, index) =>
        attributeTextsOfKey(columns.keyUnits, start, columns.keyEnds[index]!),
      );
    const long = toOtlpSampleColumns([sample(family("g"), { host: "h".repeat(500), cpu: "0" })]);
    const short = toOtlpSampleColumns([sample(family("g"), { cpu: "1" })]);
    expect(short.keyUnits.buffer).not.toBe(long.keyUnits.buffer);
    expect(textsOf(long)).toEqual([{ host: "h".repeat(500), cpu: "0" }]);
    expect(textsOf(short)).toEqual([{ cpu: "1" }]);
    // Transferred to the event loop, as a decode thread does: the next request's keys are whole.
    structuredClone(short.keyUnits, { transfer: [short.keyUnits.buffer as ArrayBuffer] });
    const next = toOtlpSampleColumns([sample(family("g"), { cpu: "2" })]);
    expect(textsOf(next)).toEqual([{ cpu: "2" }]);
    expect(textsOf(long)).toEqual([{ host: "h".repeat(500), cpu: "0" }]);
  });

  it("builds the same columns as samples are translated as from the translated samples", () => {
    // Past the room a builder starts with, and then fewer again: columns of their own size each time.
    for (const points of [2, 1500, 1]) {
      const direct = receiveOtlpMetricColumns(...request(points));
      expect(direct.samples.values).toHaveLength(3 + points);
      expect(direct).toEqual(withSampleColumns(receiveOtlpMetrics(...request(points))));
    }
    const [body, options] = request();
    const refused = receiveOtlpMetricColumns({ ...body, body: new Uint8Array([1]) }, options);
    expect(refused.response.status).toBe(400);
    expect(refused).toEqual(
      withSampleColumns(receiveOtlpMetrics({ ...body, body: new Uint8Array([1]) }, options)),
    );
  });

  it("makes columns of a request without samples", () => {
    const original = withSampleColumns({ ...received(), items: [] });
    expect(structuredClone(original)).toEqual(original);
    expect(original.samples.familyIndexes).toHaveLength(0);
  });
});

import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { mutate, seededRandom } from "../../../test/support/mutate-body.js";
import { decodeOtlpMetrics } from "./decode-otlp-request.js";
import { loadOtlpRoot, otlpProto } from "./otlp-proto.js";
import { type MetricsRequestMessage, readMetricsMessage } from "./read-metrics-message.js";
import { readMetricsRequest } from "./read-metrics-request.js";

const FULL_REQUEST = loadOtlpRoot().lookupType(
  "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest",
);

/** The request as protobufjs decodes it, the reference; undefined for a body it refuses. */
function viaProtobufjs(body: Uint8Array) {
  try {
    const message = otlpProto.ExportMetricsServiceRequest.decode(body);
    return readMetricsMessage(message as unknown as MetricsRequestMessage);
  } catch {
    return undefined;
  }
}

const encode = (request: object) => FULL_REQUEST.encode(FULL_REQUEST.fromObject(request)).finish();

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** What the OpenTelemetry SDK exports for a counter, an up-down counter, a histogram and a gauge. */
async function sdkBody(): Promise<Uint8Array> {
  const reader = new ManualReader();
  const resource = resourceFromAttributes({ "service.name": "shop", "host.name": "h1", "pid.count": 7 });
  const meter = new MeterProvider({ resource, readers: [reader] }).getMeter("shop-meter", "1.2.3");
  const attributes = { route: "/cart", code: 200, ok: true, ratio: 0.5, tags: ["a", "b"] };
  meter.createCounter("requests", { unit: "1" }).add(3, attributes);
  meter.createCounter("requests", { unit: "1" }).add(1, { route: "/pay", é: "ü" });
  meter.createUpDownCounter("queue.depth").add(-2, { queue: "q" });
  meter.createHistogram("latency", { unit: "ms" }).record(12.5, attributes);
  meter.createGauge("temperature", { unit: "Cel" }).record(-1.25);
  const { resourceMetrics } = await reader.collect();
  return ProtobufMetricsSerializer.serializeRequest(resourceMetrics) ?? new Uint8Array(0);
}

const point = (attributes: object[], extra: object) => ({
  attributes,
  startTimeUnixNano: "1700000000000000000",
  timeUnixNano: "1700000000123000000",
  exemplars: [{ asDouble: 1, timeUnixNano: "1", filteredAttributes: [{ key: "x", value: {} }] }],
  ...extra,
});

/** A request with every metric kind and attribute value the receiver reads, and fields it skips. */
const RICH = {
  resourceMetrics: [
    {
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: "api" } },
          { key: "big", value: { intValue: "9007199254740993" } },
          { key: "negative", value: { intValue: "-5" } },
          { key: "raw", value: { bytesValue: Buffer.from([0, 1, 255]) } },
          { key: "nothing" },
          { key: "empty", value: {} },
        ],
        droppedAttributesCount: 2,
      },
      schemaUrl: "https://opentelemetry.io/schemas/1.0.0",
      scopeMetrics: [
        {
          scope: { name: "lib", version: "2", droppedAttributesCount: 1 },
          schemaUrl: "s",
          metrics: [
            {
              name: "cpu.time",
              description: "time",
              unit: "s",
              sum: {
                aggregationTemporality: 2,
                isMonotonic: true,
                dataPoints: [
                  point(
                    [
                      {
                        key: "nested",
                        value: { kvlistValue: { values: [{ key: "k", value: { doubleValue: 2 } }] } },
                      },
                      {
                        key: "list",
                        value: { arrayValue: { values: [{ boolValue: false }, { arrayValue: {} }] } },
                      },
                      { key: "nested", value: { stringValue: "again" } },
                    ],
                    { asInt: "-3", flags: 0 },
                  ),
                  point([], { asDouble: 0, flags: 1 }),
                  point([{ key: "", value: { stringValue: "" } }], {}),
                ],
              },
            },
            { name: "delta", sum: { aggregationTemporality: 1, dataPoints: [point([], { asDouble: 4 })] } },
            { name: "no-data", unit: "1" },
            {
              name: "latency",
              histogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  point([{ key: "a", value: { stringValue: "b" } }], {
                    count: "4",
                    sum: -0,
                    bucketCounts: ["1", "0", "3"],
                    explicitBounds: [0.5, 1],
                    min: 0,
                    max: 9,
                  }),
                  point([], { count: "0", bucketCounts: [], explicitBounds: [] }),
                ],
              },
            },
            {
              name: "rpc",
              summary: {
                dataPoints: [
                  point([], {
                    count: "18446744073709551615",
                    sum: Number.NaN,
                    quantileValues: [{ quantile: 0.5, value: 1 }, { quantile: 0 }, {}],
                  }),
                ],
              },
            },
          ],
        },
        { metrics: [{ name: "g", gauge: { dataPoints: [{ asDouble: 1 }] } }] },
      ],
    },
    { scopeMetrics: [] },
  ],
};

/** Bodies whose fields protobufjs would merge, pick among or decode to drop: left to it by the reader. */
const LEFT_TO_PROTOBUFJS: readonly [string, object][] = [
  [
    "an exponential histogram",
    {
      resourceMetrics: [
        {
          scopeMetrics: [
            { metrics: [{ name: "e", exponentialHistogram: { dataPoints: [{ count: "1" }] } }] },
          ],
        },
      ],
    },
  ],
  ["scope attributes", { resourceMetrics: [{ scopeMetrics: [{ scope: { attributes: [{ key: "a" }] } }] }] }],
  [
    "metric metadata",
    { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: "m", metadata: [{ key: "a" }] }] }] }] },
  ],
];

const ROOT = loadOtlpRoot();
const A = { key: "a", value: { stringValue: "1" } };
const B = { key: "b", value: { stringValue: "2" } };

const message = (name: string, value: object) => {
  const of = ROOT.lookupType(`opentelemetry.proto.${name}`);
  return of.encode(of.fromObject(value)).finish();
};

/** Encodings of one message type one after the other: one message, whose fields sent twice protobufjs merges. */
const twice = (name: string, values: readonly object[]) =>
  Buffer.concat(values.map((value) => message(name, value)));

/** `bytes` as length-delimited field `number`. */
const field = (number: number, bytes: Uint8Array) =>
  protobuf.Writer.create()
    .uint32((number << 3) | 2)
    .bytes(bytes)
    .finish();

/** A request of one metric, given as its encoding. */
const withMetric = (metric: Uint8Array) => field(1, field(2, field(2, metric)));

/** A request of one gauge `g` of one point, given as its encoding. */
const withPoint = (point: Uint8Array) =>
  withMetric(Buffer.concat([message("metrics.v1.Metric", { name: "g" }), field(5, field(1, point))]));

describe("readMetricsRequest", () => {
  it("reads what the OpenTelemetry SDK sends as protobufjs and readMetricsMessage do", async () => {
    const body = await sdkBody();
    const read = readMetricsRequest(body);
    expect(read).toBeDefined();
    expect(read).toEqual(viaProtobufjs(body));
  });

  it("reads every metric kind, attribute value and skipped field as protobufjs does", () => {
    const body = encode(RICH);
    const read = readMetricsRequest(body);
    expect(read).toBeDefined();
    expect(read).toEqual(viaProtobufjs(body));
  });

  it.each([
    [
      "names",
      [["host", "cpu"], ["cpu", "host"], ["hose", "cpu"], ["host"], ["hôst", "cpu", "x"], ["host", "cpu"]],
      (strings: string[], index: number) => strings.map((key) => ({ key, value: { intValue: index } })),
      (attributes: object) => Object.keys(attributes),
    ],
    [
      "string values",
      [
        ["host-1", "a"],
        ["host-1", "a"],
        ["host-2", "a"],
        ["a", "host-2"],
        ["v".repeat(200), "b"],
        ["v".repeat(200), "b"],
        [`${"v".repeat(200)}w`, "é"],
        ["", "é"],
        ["host-2", ""],
      ],
      (strings: string[]) =>
        strings.map((text, place) => ({ key: `k${place}`, value: { stringValue: text } })),
      (attributes: object) => Object.values(attributes),
    ],
  ])(
    "reads each point's attribute %s anew where their bytes differ from the last point's at that place",
    (_, strings, attributesOf, stringsOf) => {
      const dataPoints = strings.map((texts, index) => ({
        attributes: attributesOf(texts, index),
        asDouble: index,
      }));
      const body = encode({
        resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: "g", gauge: { dataPoints } }] }] }],
      });
      const read = readMetricsRequest(body);
      expect(read).toEqual(viaProtobufjs(body));
      const points = read?.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.gauge?.dataPoints ?? [];
      expect(points.map((point) => stringsOf(point.attributes))).toEqual(strings);
    },
  );

  it("refuses a value that is not UTF-8 after a point whose value at that place was", () => {
    const points = [Buffer.from("ab"), Buffer.from([0x61, 0xff])].map((bytes) =>
      field(7, Buffer.concat([field(1, Buffer.from("k")), field(2, field(1, bytes))])),
    );
    const body = withMetric(
      Buffer.concat([
        message("metrics.v1.Metric", { name: "g" }),
        field(5, Buffer.concat(points.map((point) => field(1, point)))),
      ]),
    );
    expect(readMetricsRequest(body)).toBeUndefined();
    // protobufjs's decoding, the reference, refuses it too.
    expect(viaProtobufjs(body)).toBeUndefined();
    expect(decodeOtlpMetrics(body, "protobuf").ok).toBe(false);
  });

  it.each(LEFT_TO_PROTOBUFJS)("leaves a body with %s to protobufjs", (_, request) => {
    const body = encode(request);
    expect(readMetricsRequest(body)).toBeUndefined();
    expect(decodeOtlpMetrics(body, "protobuf")).toEqual({ ok: true, value: viaProtobufjs(body) });
  });

  it.each([
    [
      "a resource sent twice",
      field(
        1,
        twice("metrics.v1.ResourceMetrics", [
          { resource: { attributes: [A] } },
          { resource: { attributes: [B] } },
        ]),
      ),
    ],
    [
      "a metric with two data members",
      withMetric(
        twice("metrics.v1.Metric", [
          { name: "m", gauge: { dataPoints: [{}] } },
          { sum: { dataPoints: [{}] } },
        ]),
      ),
    ],
    [
      "an attribute value with two members",
      withPoint(
        field(
          7,
          Buffer.concat([
            message("common.v1.KeyValue", { key: "k", value: { stringValue: "s" } }),
            field(2, message("common.v1.AnyValue", { intValue: 3 })),
          ]),
        ),
      ),
    ],
  ])("leaves %s to protobufjs, which merges or picks", (_, body) => {
    expect(readMetricsRequest(body)).toBeUndefined();
    expect(viaProtobufjs(body)).toBeDefined();
    expect(decodeOtlpMetrics(body, "protobuf")).toEqual({ ok: true, value: viaProtobufjs(body) });
  });

  it("keeps the value a point set last, as protobufjs does", () => {
    const body = withPoint(twice("metrics.v1.NumberDataPoint", [{ asDouble: 1 }, { asInt: "2" }]));
    const read = readMetricsRequest(body);
    expect(read).toEqual(viaProtobufjs(body));
    expect(read?.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.gauge?.dataPoints[0]).toMatchObject({
      asInt: 2n,
    });
  });

  it("decodes mutated bodies exactly as protobufjs does, refusing those it refuses", async () => {
    const seeds = [await sdkBody(), encode(RICH)];
    const random = seededRandom(20_261_207);
    let readHere = 0;
    let refused = 0;
    for (let index = 0; index < 3000; index++) {
      const body = mutate(seeds[index % seeds.length]!, random);
      const reference = viaProtobufjs(body);
      const decoded = decodeOtlpMetrics(body, "protobuf");
      if (reference === undefined) {
        expect(decoded.ok).toBe(false);
        refused += 1;
      } else expect(decoded).toEqual({ ok: true, value: reference });
      if (readMetricsRequest(body) !== undefined) readHere += 1;
    }
    // Both kinds were met: bodies the reader read, and bodies protobufjs refused.
    expect(readHere).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});

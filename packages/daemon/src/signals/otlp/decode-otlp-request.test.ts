import { gzipSync } from "node:zlib";
import { SeverityNumber } from "@opentelemetry/api-logs";
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { decodeContentEncoding } from "../ingest/content-encoding.js";
import { decodeOtlpLogs, decodeOtlpMetrics, decodeOtlpTraces } from "./decode-otlp-request.js";
import { loadOtlpRoot } from "./otlp-proto.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const resource = resourceFromAttributes({ "service.name": "web", "host.name": "box" });

describe("decodeOtlp*", () => {
  it("accepts an empty request in both encodings", () => {
    expect(decodeOtlpMetrics(new Uint8Array(0), "protobuf")).toEqual({
      ok: true,
      value: { resourceMetrics: [] },
    });
    expect(decodeOtlpTraces(utf8("{}"), "json")).toEqual({ ok: true, value: { resourceSpans: [] } });
  });

  // The protobuf definitions keep only the span and log record fields the schema reads; what the JSON path
  // reads must come out of protobuf the same.
  it("reads the same request from the SDK's protobuf and JSON encodings", async () => {
    const reader = new ManualReader();
    const meter = new MeterProvider({ resource, readers: [reader] }).getMeter("web", "1.0.0");
    meter.createCounter("hits").add(2, { page: "/" });
    meter.createHistogram("latency", { unit: "ms" }).record(5, { route: "/buy" });
    meter.createUpDownCounter("queue").add(-3);
    meter.createGauge("temperature").record(21.5);
    const { resourceMetrics } = await reader.collect();
    const metricsFromProtobuf = decodeOtlpMetrics(
      ProtobufMetricsSerializer.serializeRequest(resourceMetrics) ?? utf8(""),
      "protobuf",
    );
    expect(metricsFromProtobuf).toEqual(
      decodeOtlpMetrics(JsonMetricsSerializer.serializeRequest(resourceMetrics) ?? utf8(""), "json"),
    );
    expect(
      metricsFromProtobuf.ok && metricsFromProtobuf.value.resourceMetrics[0]?.scopeMetrics[0]?.metrics,
    ).toHaveLength(4);

    // The JavaScript SDK makes no summaries.
    const summary = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: "rpc_latency",
                  summary: {
                    dataPoints: [
                      {
                        attributes: [{ key: "rpc", value: { stringValue: "get" } }],
                        startTimeUnixNano: "1000",
                        timeUnixNano: "2000",
                        count: "3",
                        sum: 1.5,
                        quantileValues: [{ quantile: 0.5, value: 0.4 }],
                        flags: 0,
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const request = loadOtlpRoot().lookupType(
      "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest",
    );
    expect(decodeOtlpMetrics(request.encode(request.fromObject(summary)).finish(), "protobuf")).toEqual(
      decodeOtlpMetrics(utf8(JSON.stringify(summary)), "json"),
    );

    const spans = new InMemorySpanExporter();
    const tracer = new TracerProvider({
      resource,
      spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
    }).getTracer("web");
    const span = tracer.startSpan("GET /buy", { kind: 1, attributes: { "http.route": "/buy" } });
    span.addEvent("retry", { attempt: 2 });
    span.setStatus({ code: 2, message: "boom" });
    span.end();
    const finished = spans.getFinishedSpans();
    const fromProtobuf = decodeOtlpTraces(
      ProtobufTraceSerializer.serializeRequest(finished) ?? utf8(""),
      "protobuf",
    );
    expect(fromProtobuf).toEqual(
      decodeOtlpTraces(JsonTraceSerializer.serializeRequest(finished) ?? utf8(""), "json"),
    );
    expect(fromProtobuf.ok && fromProtobuf.value.resourceSpans[0]?.scopeSpans[0]?.spans[0]).toMatchObject({
      name: "GET /buy",
      kind: 2,
      status: { code: 2, message: "boom" },
    });

    const records = new InMemoryLogRecordExporter();
    new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: records })] })
      .getLogger("web")
      .emit({ severityNumber: SeverityNumber.ERROR, body: "down", attributes: { code: 7 } });
    const logs = records.getFinishedLogRecords();
    const logsFromProtobuf = decodeOtlpLogs(
      ProtobufLogsSerializer.serializeRequest(logs) ?? utf8(""),
      "protobuf",
    );
    expect(logsFromProtobuf).toEqual(
      decodeOtlpLogs(JsonLogsSerializer.serializeRequest(logs) ?? utf8(""), "json"),
    );
    expect(
      logsFromProtobuf.ok && logsFromProtobuf.value.resourceLogs[0]?.scopeLogs[0]?.logRecords[0],
    ).toMatchObject({
      severityNumber: SeverityNumber.ERROR,
      body: "down",
      attributes: { code: 7 },
    });
  });

  it("reads every attribute value kind, int64 and optional field from protobuf as from JSON", () => {
    const attributes = [
      { key: "text", value: { stringValue: "a" } },
      { key: "flag", value: { boolValue: true } },
      { key: "small", value: { intValue: "-42" } },
      { key: "huge", value: { intValue: "9223372036854775807" } },
      { key: "ratio", value: { doubleValue: 0.25 } },
      { key: "list", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: "7" }, {}] } } },
      { key: "map", value: { kvlistValue: { values: [{ key: "inner", value: { boolValue: false } }] } } },
      { key: "raw", value: { bytesValue: "AQID" } },
      { key: "empty", value: {} },
      { key: "absent" },
    ];
    const time = { timeUnixNano: "1800000000123456789", flags: 1 };
    const body = {
      resourceMetrics: [
        { resource: { attributes }, scopeMetrics: [{ scope: { name: "lib" }, metrics: [] }] },
        {
          scopeMetrics: [
            {
              metrics: [
                { name: "no_data", unit: "s", description: "none" },
                {
                  name: "g",
                  gauge: { dataPoints: [{ attributes, asInt: "-9007199254740993", ...time }, {}] },
                },
                {
                  name: "s",
                  sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asDouble: 0 }] },
                },
                {
                  name: "h",
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        count: "18446744073709551615",
                        bucketCounts: ["1", "2"],
                        explicitBounds: [0.5],
                        ...time,
                      },
                      { count: "0", sum: 0 },
                    ],
                  },
                },
                { name: "e", exponentialHistogram: { dataPoints: [{ count: "1", scale: 2 }] } },
                {
                  name: "q",
                  summary: { dataPoints: [{ quantileValues: [{ quantile: 1 }], sum: 2, count: "1" }] },
                },
              ],
            },
          ],
        },
      ],
    };
    const request = loadOtlpRoot().lookupType(
      "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest",
    );
    const fromProtobuf = decodeOtlpMetrics(request.encode(request.fromObject(body)).finish(), "protobuf");
    expect(fromProtobuf).toEqual(decodeOtlpMetrics(utf8(JSON.stringify(body)), "json"));
    const resourceAttributes = fromProtobuf.ok && fromProtobuf.value.resourceMetrics[0]?.resource?.attributes;
    expect(resourceAttributes).toEqual({
      text: "a",
      flag: true,
      small: -42,
      huge: "9223372036854775807",
      ratio: 0.25,
      list: ["x", 7, null],
      map: { inner: false },
      raw: "AQID",
      empty: null,
      absent: null,
    });
  });

  it("decodes a gzip-compressed JSON body once the content encoding is undone", () => {
    const body = gzipSync(utf8(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] })));
    const plain = decodeContentEncoding(body, "gzip", { maxBodyBytes: 1024, maxDecodedBytes: 1024 });
    if (!plain.ok) throw new Error(plain.error.message);
    const decoded = decodeOtlpLogs(plain.value, "json");
    expect(decoded.ok && decoded.value.resourceLogs[0]?.scopeLogs[0]?.logRecords.length).toBe(1);
  });

  it("reads NaN and infinities as the OTLP JSON mapping writes them", () => {
    const decoded = decodeOtlpMetrics(
      utf8(
        JSON.stringify({
          resourceMetrics: [
            {
              scopeMetrics: [
                {
                  metrics: [
                    {
                      name: "g",
                      gauge: {
                        dataPoints: [{ asDouble: "NaN" }, { asDouble: "-Infinity" }, { asDouble: "2.5e3" }],
                      },
                    },
                  ],
                },
              ],
            },
          ],
        }),
      ),
      "json",
    );
    if (!decoded.ok) throw new Error(decoded.error.message);
    const points = decoded.value.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.gauge?.dataPoints ?? [];
    expect(points.map((point) => point.asDouble)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, 2500]);
  });

  it.each([
    ["not JSON", utf8("{resourceMetrics:")],
    ["invalid UTF-8", Uint8Array.of(0x7b, 0xff, 0x7d)],
    ["a JSON array", utf8("[]")],
    ["a wrong field type", utf8('{"resourceMetrics":[{"scopeMetrics":"x"}]}')],
    [
      "a fractional int64",
      utf8('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"asInt":1.5}]}}]}]}]}'),
    ],
    ["deep nesting", utf8(`{"resourceMetrics":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)],
  ])("calls JSON with %s malformed", (_, body) => {
    expect(decodeOtlpMetrics(body, "json")).toMatchObject({ ok: false, error: { code: "malformed_body" } });
  });

  it("calls broken protobuf malformed, with the path of a bad value when there is one", () => {
    expect(decodeOtlpMetrics(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0x0f), "protobuf")).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
    // Wire type 7 does not exist.
    expect(decodeOtlpTraces(Uint8Array.of(0x0f, 0x00), "protobuf")).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
    const wrongType = decodeOtlpTraces(
      utf8('{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SERVER"}]}]}]}'),
      "json",
    );
    expect(wrongType).toMatchObject({ ok: false, error: { code: "malformed_body" } });
    expect(!wrongType.ok && wrongType.error.message).toContain("resourceSpans.0.scopeSpans.0.spans.0.kind");
  });
});

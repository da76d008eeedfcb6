import { gzipSync } from "node:zlib";
import { SeverityNumber } from "@opentelemetry/api-logs";
import {
  JsonLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { otlpProto } from "./otlp-proto.js";
import { receiveOtlpLogs, receiveOtlpMetrics, receiveOtlpTraces } from "./receive-otlp.js";
import { otlpSampleLabels } from "./translate-otlp-metrics.js";

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const resource = resourceFromAttributes({ "service.name": "web" });
const OPTIONS = {
  limits: { maxBodyBytes: 64 * 1024, maxDecodedBytes: 256 * 1024 },
  receivedAtMs: 1_800_000_000_000,
};
const PROTOBUF = "application/x-protobuf";

async function metricsBody(): Promise<Uint8Array> {
  // Cumulative counters and delta histograms: the exporter preference some backends ask for.
  const reader = new ManualReader({
    aggregationTemporalitySelector: (type) =>
      type === "HISTOGRAM" ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
  });
  const meter = new MeterProvider({ resource, readers: [reader] }).getMeter("web");
  meter.createCounter("hits").add(2, { page: "/" });
  meter.createCounter("hits").add(1, { page: "/x" });
  meter.createHistogram("latency", { unit: "ms" }).record(5);
  const { resourceMetrics } = await reader.collect();
  return ProtobufMetricsSerializer.serializeRequest(resourceMetrics) ?? new Uint8Array(0);
}

describe("receiveOtlpMetrics", () => {
  it("answers a gzip protobuf export with samples and a partial success the exporter reads", async () => {
    const body = gzipSync(await metricsBody());
    const { response, items } = receiveOtlpMetrics(
      { body, contentType: PROTOBUF, contentEncoding: "gzip" },
      OPTIONS,
    );
    expect(response.status).toBe(200);
    const labels = items.map(otlpSampleLabels);
    expect(
      items.map((sample, index) => [labels[index]?.__name__, labels[index]?.page, sample.value]),
    ).toEqual([
      ["hits_total", "/", 2],
      ["hits_total", "/x", 1],
    ]);
    const answer = ProtobufMetricsSerializer.deserializeResponse(response.body);
    expect(Number(answer.partialSuccess?.rejectedDataPoints)).toBe(1);
    expect(answer.partialSuccess?.errorMessage).toBe("delta_temporality: 1");
  });

  it("answers 415, 413 and 400 with a google.rpc.Status and no samples", async () => {
    const body = await metricsBody();
    const cases = [
      [{ body, contentType: "text/plain", contentEncoding: undefined }, 415],
      [{ body, contentType: PROTOBUF, contentEncoding: "zstd" }, 415],
      [
        {
          body: new Uint8Array(OPTIONS.limits.maxBodyBytes + 1),
          contentType: PROTOBUF,
          contentEncoding: undefined,
        },
        413,
      ],
      [{ body: Uint8Array.of(0x0a, 0x05, 0x01), contentType: PROTOBUF, contentEncoding: undefined }, 400],
    ] as const;
    for (const [request, status] of cases) {
      const { response, items } = receiveOtlpMetrics(request, OPTIONS);
      expect([response.status, items]).toEqual([status, []]);
      expect(otlpProto.Status.decode(response.body).toJSON().message).toEqual(expect.any(String));
    }
  });
});

it("receiveOtlpTraces hands over span samples", async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  provider.getTracer("web").startSpan("GET /").end();
  await provider.forceFlush();
  const body = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()) ?? new Uint8Array(0);
  const { response, items } = receiveOtlpTraces(
    { body, contentType: PROTOBUF, contentEncoding: undefined },
    OPTIONS,
  );
  expect(response.status).toBe(200);
  expect(items.map((span) => [span.job, span.spanKind])).toEqual([["web", "internal"]]);
});

it("receiveOtlpLogs answers JSON in JSON", async () => {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  provider.getLogger("web").emit({ severityNumber: SeverityNumber.FATAL, body: "down" });
  await provider.forceFlush();
  const body = JsonLogsSerializer.serializeRequest(exporter.getFinishedLogRecords()) ?? new Uint8Array(0);
  const { response, items } = receiveOtlpLogs(
    { body, contentType: "application/json", contentEncoding: undefined },
    OPTIONS,
  );
  expect([response.status, response.contentType, new TextDecoder().decode(response.body)]).toEqual([
    200,
    "application/json",
    "{}",
  ]);
  expect(items.map((record) => [record.service, record.severityNumber, record.body])).toEqual([
    ["web", 21, "down"],
  ]);
});

import { SeverityNumber } from "@opentelemetry/api-logs";
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { loadOtlpRoot, otlpProto } from "./otlp-proto.js";

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const resource = resourceFromAttributes({ "service.name": "web", "host.name": "box" });

// Every field a real exporter fills in (span events, links, dropped counts, schema URLs...) must be known
// to the definitions; told to, protobufjs keeps the bytes of a field it does not know under `$unknowns`.
function unknownFieldPaths(value: unknown, path = "$"): string[] {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return [];
  const own = Object.hasOwn(value, "$unknowns") ? [path] : [];
  return [
    ...own,
    ...Object.entries(value).flatMap(([key, child]) => unknownFieldPaths(child, `${path}.${key}`)),
  ];
}

function decodeAll(type: protobuf.Type, body: Uint8Array | undefined): protobuf.Message {
  if (body === undefined || body.byteLength === 0) throw new Error("the serializer produced no body");
  const reader = protobuf.Reader.create(body);
  reader.discardUnknown = false;
  return type.decode(reader);
}

const official = loadOtlpRoot();

describe("loadOtlpRoot", () => {
  it("knows every field of the metrics the OpenTelemetry JS SDK exports", async () => {
    const reader = new ManualReader();
    const meter = new MeterProvider({ resource, readers: [reader] }).getMeter("web", "1.2.3", {
      schemaUrl: "https://opentelemetry.io/schemas/1.30.0",
    });
    meter.createCounter("hits").add(2, { page: "/" });
    meter.createUpDownCounter("queue").add(-1);
    meter.createHistogram("latency", { unit: "ms" }).record(5, { route: "/buy" });
    meter.createGauge("temperature").record(21.5);
    const { resourceMetrics } = await reader.collect();
    const body = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
    expect(
      unknownFieldPaths(
        decodeAll(
          official.lookupType("opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest"),
          body,
        ),
      ),
    ).toEqual([]);
  });

  it("knows every field of the spans the OpenTelemetry JS SDK exports", () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new TracerProvider({
      resource,
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    }).getTracer("web");
    const parent = tracer.startSpan("GET /buy", { attributes: { "http.route": "/buy" } });
    parent.addEvent("retry", { attempt: 2 });
    parent.addLink({ context: parent.spanContext(), attributes: { reason: "batch" } });
    parent.setStatus({ code: 2, message: "boom" });
    parent.end();
    const body = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans());
    expect(
      unknownFieldPaths(
        decodeAll(
          official.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
          body,
        ),
      ),
    ).toEqual([]);
  });

  it("knows every field of the log records the OpenTelemetry JS SDK exports", () => {
    const exporter = new InMemoryLogRecordExporter();
    const logger = new LoggerProvider({
      resource,
      processors: [new SimpleLogRecordProcessor({ exporter })],
    }).getLogger("web");
    logger.emit({
      severityNumber: SeverityNumber.ERROR,
      severityText: "ERROR",
      body: { message: "down", codes: [1, 2] },
      attributes: { "exception.type": "OutOfMemoryError" },
    });
    const body = ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords());
    expect(
      unknownFieldPaths(
        decodeAll(
          official.lookupType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest"),
          body,
        ),
      ),
    ).toEqual([]);
  });
});

describe("otlpProto", () => {
  it("encodes a google.rpc.Status with the official field numbers", () => {
    const status = otlpProto.Status.encode(otlpProto.Status.fromObject({ code: 3, message: "bad" })).finish();
    // field 1 (code) varint 3, field 2 (message) length 3 "bad"
    expect([...status]).toEqual([0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]);
  });
});

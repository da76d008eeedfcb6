import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { expect, it } from "vitest";
import { decodeOtlpTraces } from "./decode-otlp-request.js";
import type { OtlpEncoding } from "./otlp-encoding.js";
import { translateOtlpSpans } from "./translate-otlp-spans.js";

const START_SECONDS = 1_700_000_000;

async function exportSpans(): Promise<{ protobuf: Uint8Array; json: Uint8Array }> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": "payments" }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer("http");
  const served = tracer.startSpan("GET /pay", { kind: SpanKind.SERVER, startTime: [START_SECONDS, 0] });
  served.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
  served.end([START_SECONDS, 250_000_000]);
  const called = tracer.startSpan("SELECT", { kind: SpanKind.CLIENT, startTime: [START_SECONDS, 0] });
  called.setStatus({ code: SpanStatusCode.OK });
  called.end([START_SECONDS + 2, 0]);
  tracer.startSpan("work", { startTime: [START_SECONDS, 0] }).end([START_SECONDS, 1_000]);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  const protobuf = ProtobufTraceSerializer.serializeRequest(spans);
  const json = JsonTraceSerializer.serializeRequest(spans);
  if (protobuf === undefined || json === undefined) throw new Error("serializer returned nothing");
  return { protobuf, json };
}

it.each<OtlpEncoding>(["protobuf", "json"])(
  "turns %s spans into per-service RED span samples",
  async (encoding) => {
    const bodies = await exportSpans();
    const decoded = decodeOtlpTraces(bodies[encoding], encoding);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(translateOtlpSpans(decoded.value)).toEqual([
      {
        job: "payments",
        spanKind: "server",
        statusCode: "error",
        durationSeconds: 0.25,
        endTimeMs: START_SECONDS * 1000 + 250,
      },
      {
        job: "payments",
        spanKind: "client",
        statusCode: "ok",
        durationSeconds: 2,
        endTimeMs: START_SECONDS * 1000 + 2000,
      },
      {
        job: "payments",
        spanKind: "internal",
        statusCode: "unset",
        durationSeconds: 0.000001,
        endTimeMs: START_SECONDS * 1000,
      },
    ]);
  },
);

it("gives a span that ends before it starts no duration", () => {
  const decoded = decodeOtlpTraces(
    new TextEncoder().encode(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              { spans: [{ kind: 2, startTimeUnixNano: "2000000000", endTimeUnixNano: "1000000000" }] },
            ],
          },
        ],
      }),
    ),
    "json",
  );
  if (!decoded.ok) throw new Error(decoded.error.message);
  expect(translateOtlpSpans(decoded.value)).toEqual([
    { job: "unknown_service", spanKind: "server", statusCode: "unset", durationSeconds: 0, endTimeMs: 1000 },
  ]);
});

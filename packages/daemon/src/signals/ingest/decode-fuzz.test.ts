import { gzipSync } from "node:zlib";
import { ProtobufMetricsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { Result } from "@orbt/core";
import { SEED_PATTERNS } from "@orbt/core";
import { compress } from "snappyjs";
import { expect, it } from "vitest";
import { mutate, seededRandom } from "../../../test/support/mutate-body.js";
import { AlertmanagerWebhook } from "../alertmanager/alertmanager-webhook.js";
import { translateAlertmanagerWebhook } from "../alertmanager/translate-alertmanager-webhook.js";
import { decodeOtlpLogs, decodeOtlpMetrics, decodeOtlpTraces } from "../otlp/decode-otlp-request.js";
import type { OtlpEncoding } from "../otlp/otlp-encoding.js";
import { translateOtlpLogs } from "../otlp/translate-otlp-logs.js";
import { translateOtlpMetrics } from "../otlp/translate-otlp-metrics.js";
import { translateOtlpSpans } from "../otlp/translate-otlp-spans.js";
import { decodeRemoteWrite } from "../remote-write/decode-remote-write.js";
import { WriteRequestType } from "../remote-write/remote-write-proto.js";
import { decodeContentEncoding } from "./content-encoding.js";
import type { IngestError } from "./ingest-error.js";

const BODIES = 200;
const LIMITS = { maxBodyBytes: 64 * 1024, maxDecodedBytes: 256 * 1024 };
const ERROR_CODES: readonly IngestError["code"][] = [
  "malformed_body",
  "body_too_large",
  "unsupported_media_type",
  "unsupported_content_encoding",
];

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function seedBodies(): Promise<Uint8Array[]> {
  const resource = resourceFromAttributes({ "service.name": "fuzz", "host.name": "h" });
  const reader = new ManualReader();
  const meter = new MeterProvider({ resource, readers: [reader] }).getMeter("fuzz");
  meter.createCounter("c").add(1, { a: "b" });
  meter.createHistogram("h", { unit: "ms" }).record(3);
  meter.createGauge("g").record(-1);
  const { resourceMetrics } = await reader.collect();
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  tracerProvider.getTracer("fuzz").startSpan("s").end();
  await tracerProvider.forceFlush();
  const writeRequest = WriteRequestType.encode(
    WriteRequestType.fromObject({
      timeseries: [{ labels: [{ name: "__name__", value: "up" }], samples: [{ value: 1, timestamp: 5 }] }],
    }),
  ).finish();
  const alert = {
    version: "4",
    groupKey: "k",
    status: "firing",
    receiver: "r",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "",
    alerts: [
      {
        status: "firing",
        labels: { job: "a", orbt_pattern: "p", orbt_symptom: "s" },
        annotations: {},
        startsAt: "2026-01-01T00:00:00Z",
        endsAt: "0001-01-01T00:00:00Z",
        fingerprint: "f",
      },
    ],
  };
  const json = JSON.stringify({
    resourceMetrics: [
      {
        scopeMetrics: [
          { metrics: [{ name: "x", sum: { aggregationTemporality: 2, dataPoints: [{ asInt: "1" }] } }] },
        ],
      },
    ],
  });
  return [
    ProtobufMetricsSerializer.serializeRequest(resourceMetrics) ?? new Uint8Array(0),
    ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()) ?? new Uint8Array(0),
    compress(writeRequest),
    new TextEncoder().encode(JSON.stringify(alert)),
    new TextEncoder().encode(json),
    gzipSync(new TextEncoder().encode(json)),
  ];
}

function expectErrorValue(result: Result<unknown, IngestError>): void {
  expect(typeof result.ok).toBe("boolean");
  if (!result.ok) expect(ERROR_CODES).toContain(result.error.code);
}

function feedEveryDecoder(body: Uint8Array): number {
  let accepted = 0;
  for (const encoding of ["protobuf", "json"] satisfies OtlpEncoding[]) {
    const metrics = decodeOtlpMetrics(body, encoding);
    expectErrorValue(metrics);
    if (metrics.ok) translateOtlpMetrics(metrics.value, 1);
    const traces = decodeOtlpTraces(body, encoding);
    expectErrorValue(traces);
    if (traces.ok) translateOtlpSpans(traces.value);
    const logs = decodeOtlpLogs(body, encoding);
    expectErrorValue(logs);
    if (logs.ok) translateOtlpLogs(logs.value, 1);
    accepted += [metrics, traces, logs].filter((result) => result.ok).length;
  }
  expectErrorValue(decodeRemoteWrite(body, { contentType: undefined, contentEncoding: undefined }, LIMITS));
  expectErrorValue(decodeContentEncoding(body, "gzip", LIMITS));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return accepted;
  }
  const alert = AlertmanagerWebhook.safeParse(json);
  if (alert.success) translateAlertmanagerWebhook(alert.data, [], SEED_PATTERNS);
  return accepted;
}

it(`returns error values, never throws, for ${BODIES} random and mutated bodies`, async () => {
  const seeds = await seedBodies();
  const random = seededRandom(20_261_126);
  let someRejected = 0;
  let someAccepted = 0;
  for (let index = 0; index < BODIES; index++) {
    const seed = seeds[index % seeds.length] ?? new Uint8Array(0);
    const accepted = feedEveryDecoder(mutate(seed, random));
    if (accepted < 6) someRejected++;
    if (accepted > 0) someAccepted++;
  }
  // The mutations must reach both the error paths and the translations, or this test proves little.
  expect(someRejected).toBeGreaterThan(BODIES / 4);
  expect(someAccepted).toBeGreaterThan(0);
});

import { gzipSync } from "node:zlib";
import { ChunkedSeriesStore, SEED_PATTERNS } from "@orbt/core";
import { Registry } from "prom-client";
import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/mutate-body.js";
import { RecordingSink } from "../../../test/support/recording-sink.js";
import { createAlertmanagerApp } from "../alertmanager/create-alertmanager-app.js";
import { createOtlpApp } from "../otlp/create-otlp-app.js";
import { compileLogPattern, DEFAULT_LOG_PATTERNS } from "../otlp/log-pattern.js";
import { otlpProto } from "../otlp/otlp-proto.js";
import { createRemoteWriteApp } from "../remote-write/create-remote-write-app.js";
import { WriteRequestType } from "../remote-write/remote-write-proto.js";
import { toSeriesAppender } from "../series-appender.js";
import { DEFAULT_INGEST_LIMITS } from "./ingest-limits.js";
import { registerIngestMetrics } from "./ingest-metrics.js";

const BODIES_PER_ENDPOINT = 150;
const LIMITS = { ...DEFAULT_INGEST_LIMITS, maxBodyBytes: 32 * 1024, maxDecodedBytes: 128 * 1024 };

function mutate(valid: Uint8Array, random: () => number): Uint8Array {
  const bytes = Uint8Array.from(valid);
  const pick = () => Math.floor(random() * Math.max(bytes.length, 1));
  switch (Math.floor(random() * 4)) {
    case 0:
      for (let i = 0; i < 1 + random() * 8; i++) bytes[pick()] = Math.floor(random() * 256);
      return bytes;
    case 1:
      return bytes.slice(0, pick());
    case 2:
      return Uint8Array.from([...bytes.slice(0, pick()), ...randomBytes(random, 16), ...bytes.slice(pick())]);
    default:
      return randomBytes(random, 512);
  }
}

function randomBytes(random: () => number, maxLength: number): Uint8Array {
  return Uint8Array.from({ length: Math.floor(random() * maxLength) }, () => Math.floor(random() * 256));
}

const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const OTLP_METRICS = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "web" } }] },
      scopeMetrics: [
        { metrics: [{ name: "up", gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: "1" }] } }] },
      ],
    },
  ],
};
const OTLP_TRACES = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "web" } }] },
      scopeSpans: [
        { spans: [{ kind: 2, startTimeUnixNano: "1", endTimeUnixNano: "9", status: { code: 2 } }] },
      ],
    },
  ],
};
const OTLP_LOGS = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "web" } }] },
      scopeLogs: [{ logRecords: [{ severityNumber: 17, body: { stringValue: "OutOfMemoryError" } }] }],
    },
  ],
};
const WEBHOOK = {
  version: "4",
  groupKey: "{}",
  status: "firing",
  receiver: "orbt",
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: "",
  alerts: [
    {
      status: "firing",
      labels: { service: "web", orbt_pattern: "uptime_problems", orbt_symptom: "service_unavailable" },
      startsAt: "2026-11-26T07:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
      fingerprint: "f1",
    },
  ],
};

type Target = {
  readonly path: string;
  readonly request: (path: string, init: RequestInit) => Response | Promise<Response>;
  readonly valid: readonly { readonly body: Uint8Array; readonly headers: Record<string, string> }[];
};

function targets(): Target[] {
  const series = new ChunkedSeriesStore();
  const sink = new RecordingSink();
  const metrics = registerIngestMetrics(new Registry());
  const logPatterns = DEFAULT_LOG_PATTERNS.flatMap((spec) => {
    const compiled = compileLogPattern(spec);
    return compiled.ok ? [compiled.value] : [];
  });
  const otlp = createOtlpApp({
    series: toSeriesAppender(series),
    sink,
    limits: LIMITS,
    metrics,
    logPatterns,
    spanThresholds: [{ windowMs: 60_000, minSpans: 1, maxErrorRatio: 0.05, latencyQuantile: 0.95 }],
  }).app;
  const remoteWrite = createRemoteWriteApp({ series: new ChunkedSeriesStore(), limits: LIMITS, metrics });
  const alertmanager = createAlertmanagerApp({
    sink,
    limits: LIMITS,
    metrics,
    mappings: [],
    patterns: SEED_PATTERNS,
  });
  const json = { "content-type": "application/json" };
  const protobuf = { "content-type": "application/x-protobuf" };
  const otlpTarget = (path: string, body: unknown, type: typeof otlpProto.ExportMetricsServiceRequest) => ({
    path,
    request: otlp.request.bind(otlp),
    valid: [
      { body: text(body), headers: json },
      { body: type.encode(type.fromObject(body as Record<string, unknown>)).finish(), headers: protobuf },
      { body: gzipSync(text(body)), headers: { ...json, "content-encoding": "gzip" } },
    ],
  });
  const writeRequest = WriteRequestType.encode(
    WriteRequestType.fromObject({
      timeseries: [{ labels: [{ name: "__name__", value: "up" }], samples: [{ value: 1, timestamp: 1 }] }],
    }),
  ).finish();
  return [
    otlpTarget("/v1/metrics", OTLP_METRICS, otlpProto.ExportMetricsServiceRequest),
    otlpTarget("/v1/traces", OTLP_TRACES, otlpProto.ExportTraceServiceRequest),
    otlpTarget("/v1/logs", OTLP_LOGS, otlpProto.ExportLogsServiceRequest),
    {
      path: "/api/v1/write",
      request: remoteWrite.request.bind(remoteWrite),
      valid: [{ body: compress(writeRequest), headers: { ...protobuf, "content-encoding": "snappy" } }],
    },
    {
      path: "/api/v1/alerts/alertmanager",
      request: alertmanager.request.bind(alertmanager),
      valid: [{ body: text(WEBHOOK), headers: json }],
    },
  ];
}

describe("ingest endpoints under fuzzing", () => {
  it.each(targets().map((target, index) => [target.path, target, index] as const))(
    "%s answers 2xx or 4xx to random and mutated bodies, never 5xx",
    async (_, target, index) => {
      const random = seededRandom(0x0bb1 + index);
      const statuses = new Set<number>();
      for (let i = 0; i < BODIES_PER_ENDPOINT; i++) {
        const valid = target.valid[i % target.valid.length]!;
        const body = i < target.valid.length ? valid.body : mutate(valid.body, random);
        const response = await target.request(target.path, {
          method: "POST",
          headers: valid.headers,
          body: body as Uint8Array<ArrayBuffer>,
        });
        await response.arrayBuffer();
        statuses.add(response.status);
        expect(response.status, `body ${i} of seed ${0x0bb1 + index}`).toBeLessThan(500);
      }
      // Both the valid bodies and at least one broken one were seen, so the fuzzing reached the decoders.
      expect([...statuses].some((status) => status < 300)).toBe(true);
      expect([...statuses].some((status) => status >= 400)).toBe(true);
    },
  );
});

import { gzipSync } from "node:zlib";
import { ChunkedSeriesStore, evaluateInstant } from "@orbt/core";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { RecordingSink } from "../../../test/support/recording-sink.js";
import { DEFAULT_INGEST_LIMITS } from "../ingest/ingest-limits.js";
import { registerIngestMetrics } from "../ingest/ingest-metrics.js";
import { toSeriesAppender } from "../series-appender.js";
import { createOtlpApp, type OtlpAppOptions } from "./create-otlp-app.js";
import { compileLogPattern, DEFAULT_LOG_PATTERNS } from "./log-pattern.js";
import { otlpProto } from "./otlp-proto.js";

const T0_MS = 1_800_000_000_000;
const JSON_TYPE = { "content-type": "application/json" };

function setUp(overrides: Partial<OtlpAppOptions> = {}) {
  const series = new ChunkedSeriesStore();
  const sink = new RecordingSink();
  const registry = new Registry();
  let nowMs = T0_MS;
  const receiver = createOtlpApp({
    series: toSeriesAppender(series),
    sink,
    limits: DEFAULT_INGEST_LIMITS,
    metrics: registerIngestMetrics(registry),
    logPatterns: DEFAULT_LOG_PATTERNS.map((spec) => {
      const compiled = compileLogPattern(spec);
      if (!compiled.ok) throw new Error(compiled.error.message);
      return compiled.value;
    }),
    spanThresholds: [{ windowMs: 60_000, minSpans: 10, maxErrorRatio: 0.05, latencyQuantile: 0.95 }],
    now: () => nowMs,
    ...overrides,
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = JSON_TYPE) =>
    receiver.app.request(path, { method: "POST", headers, body: JSON.stringify(body) });
  return { series, sink, registry, receiver, post, advance: (ms: number) => (nowMs += ms) };
}

const resource = (name: string) => ({
  attributes: [{ key: "service.name", value: { stringValue: name } }],
});

function gauges(service: string, names: readonly string[]) {
  return {
    resourceMetrics: [
      {
        resource: resource(service),
        scopeMetrics: [
          {
            metrics: names.map((name) => ({
              name,
              gauge: { dataPoints: [{ asDouble: 1.5, timeUnixNano: String(BigInt(T0_MS) * 1_000_000n) }] },
            })),
          },
        ],
      },
    ],
  };
}

function spans(service: string, statuses: readonly number[]) {
  return {
    resourceSpans: [
      {
        resource: resource(service),
        scopeSpans: [
          {
            spans: statuses.map((code) => ({
              kind: 2,
              startTimeUnixNano: "1000000000",
              endTimeUnixNano: "1020000000",
              status: { code },
            })),
          },
        ],
      },
    ],
  };
}

function logs(service: string, records: readonly { severityNumber: number; body: string }[]) {
  return {
    resourceLogs: [
      {
        resource: resource(service),
        scopeLogs: [
          {
            logRecords: records.map((record) => ({
              severityNumber: record.severityNumber,
              severityText: "ERROR",
              body: { stringValue: record.body },
            })),
          },
        ],
      },
    ],
  };
}

function queryValues(store: ChunkedSeriesStore, query: string, atMs = T0_MS): number[] {
  const result = evaluateInstant(query, atMs, store);
  if (!result.ok || result.value.value.resultType !== "vector") throw new Error(`query failed: ${query}`);
  return result.value.value.result.map((sample) => sample.value);
}

describe("createOtlpApp", () => {
  it("appends metrics and answers a partial success for series past the cardinality limit", async () => {
    const { series, registry, post } = setUp({
      limits: { ...DEFAULT_INGEST_LIMITS, maxSeriesPerService: 3 },
    });
    const response = await post("/v1/metrics", gauges("web", ["a", "b", "c", "d"]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      partialSuccess: { rejectedDataPoints: "1", errorMessage: "cardinality_limit: 1" },
    });
    expect(queryValues(series, '{job="web", __name__=~"a|b|c|d"}')).toEqual([1.5, 1.5, 1.5]);
    const text = await registry.metrics();
    expect(text).toContain('orbt_ingest_samples_total{receiver="otlp",outcome="accepted",reason=""} 3');
    expect(text).toContain(
      'orbt_ingest_samples_total{receiver="otlp",outcome="rejected",reason="cardinality_limit"} 1',
    );
  });

  it("refuses series past the label limits in the partial success, each time they are sent", async () => {
    const { series, registry, post } = setUp({
      limits: { ...DEFAULT_INGEST_LIMITS, maxLabelValueLength: 8 },
    });
    for (let round = 0; round < 2; round++) {
      const response = await post("/v1/metrics", gauges("web", ["ok", "name_too_long"]));
      expect(await response.json()).toEqual({
        partialSuccess: { rejectedDataPoints: "1", errorMessage: "label_limits: 1" },
      });
    }
    expect(queryValues(series, '{job="web"}')).toEqual([1.5]);
    expect(await registry.metrics()).toContain(
      'orbt_ingest_samples_total{receiver="otlp",outcome="rejected",reason="label_limits"} 2',
    );
  });

  it("refuses delta sums and histograms, counting them by reason on /metrics", async () => {
    const { series, registry, post } = setUp();
    const timeUnixNano = String(BigInt(T0_MS) * 1_000_000n);
    const response = await post("/v1/metrics", {
      resourceMetrics: [
        {
          resource: resource("web"),
          scopeMetrics: [
            {
              metrics: [
                {
                  name: "requests",
                  sum: {
                    aggregationTemporality: 1,
                    isMonotonic: true,
                    dataPoints: [{ asInt: "4", timeUnixNano }],
                  },
                },
                {
                  name: "latency",
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [{ count: "2", bucketCounts: ["2"], timeUnixNano }],
                  },
                },
                {
                  name: "queue",
                  sum: { aggregationTemporality: 2, dataPoints: [{ asInt: "7", timeUnixNano }] },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(await response.json()).toEqual({
      partialSuccess: { rejectedDataPoints: "2", errorMessage: "delta_temporality: 2" },
    });
    expect(queryValues(series, '{job="web"}')).toEqual([7]);
    expect(await registry.metrics()).toContain(
      'orbt_ingest_samples_total{receiver="otlp",outcome="rejected",reason="delta_temporality"} 2',
    );
  });

  it("answers gzip protobuf, and 400, 413 and 415 as google.rpc.Status", async () => {
    const { receiver, post } = setUp({ limits: { ...DEFAULT_INGEST_LIMITS, maxBodyBytes: 1024 } });
    const body = gzipSync(otlpProto.ExportMetricsServiceRequest.encode({}).finish());
    const ok = await receiver.app.request("/v1/metrics", {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
      body,
    });
    expect([ok.status, ok.headers.get("content-type")]).toEqual([200, "application/x-protobuf"]);
    expect((await post("/v1/traces", { resourceSpans: "x" })).status).toBe(400);
    expect((await post("/v1/logs", { big: "x".repeat(2000) })).status).toBe(413);
    const unknownType = await post("/v1/metrics", {}, { "content-type": "text/plain" });
    expect(unknownType.status).toBe(415);
    expect(otlpProto.Status.decode(new Uint8Array(await unknownType.arrayBuffer())).toJSON().message).toMatch(
      /Content-Type/,
    );
  });

  it("turns spans into RED series and raises, then clears, the error-ratio symptom", async () => {
    const { series, sink, post, advance } = setUp();
    expect((await post("/v1/traces", spans("web", [2, 2, 1, 1, 1, 1, 1, 1, 1, 1]))).status).toBe(200);
    expect(
      queryValues(series, 'orbt_spans_total{job="web", span_kind="server", status_code="error"}'),
    ).toEqual([2]);
    expect(queryValues(series, 'orbt_span_duration_seconds_bucket{job="web", le="0.025"}')).toEqual([10]);
    expect(sink.events).toEqual([
      expect.objectContaining({
        type: "SymptomSeen",
        service: "web",
        pattern: "uptime_problems",
        symptom: "service_unavailable",
        source: "otlp:spans:error_ratio",
      }),
    ]);
    await post("/v1/traces", spans("web", [1, 1, 1, 1, 1]));
    expect(sink.events).toHaveLength(1);
    advance(61_000);
    await post("/v1/traces", spans("web", Array(20).fill(1)));
    expect(sink.events.at(-1)).toEqual({
      type: "SymptomCleared",
      service: "web",
      pattern: "uptime_problems",
      source: "otlp:spans:error_ratio",
    });
  });

  it("raises a memory leak from an OutOfMemoryError log with the record as evidence, once", async () => {
    const { sink, post, receiver, advance } = setUp({ logQuietMs: 60_000 });
    const oom = logs("ns/api", [
      { severityNumber: 9, body: "all good" },
      { severityNumber: 17, body: "java.lang.OutOfMemoryError: Java heap space" },
    ]);
    expect((await post("/v1/logs", oom)).status).toBe(200);
    await post("/v1/logs", oom);
    expect(sink.events).toHaveLength(1);
    const [seen] = sink.events;
    expect(seen).toMatchObject({
      type: "SymptomSeen",
      service: "ns_api",
      pattern: "performance_issues",
      symptom: "memory_leaks",
      source: "otlp:logs:memory_leaks",
    });
    expect(JSON.parse((seen as { detail: string }).detail)).toMatchObject({
      body: "java.lang.OutOfMemoryError: Java heap space",
      severityText: "ERROR",
    });
    await receiver.sweep(T0_MS + 30_000);
    expect(sink.events).toHaveLength(1);
    advance(60_000);
    await receiver.sweep(T0_MS + 60_000);
    expect(sink.events.at(-1)).toMatchObject({ type: "SymptomCleared", service: "ns_api" });
  });
});

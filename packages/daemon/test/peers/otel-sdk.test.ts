import { metrics, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { logs, SeverityNumber } from "@opentelemetry/api-logs";
import { ChunkedSeriesStore, evaluateInstant } from "@orbt/core";
import { startTelemetry } from "@orbt/sdk";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_INGEST_LIMITS } from "../../src/signals/ingest/ingest-limits.js";
import { registerIngestMetrics } from "../../src/signals/ingest/ingest-metrics.js";
import { createOtlpApp } from "../../src/signals/otlp/create-otlp-app.js";
import { compileLogPattern, DEFAULT_LOG_PATTERNS } from "../../src/signals/otlp/log-pattern.js";
import { toSeriesAppender } from "../../src/signals/series-appender.js";
import { type ServedApp, serveLocally } from "../support/local-http-server.js";
import { RecordingSink } from "../support/recording-sink.js";

describe("@orbt/sdk telemetry into the OTLP app over a real socket", () => {
  const series = new ChunkedSeriesStore();
  const sink = new RecordingSink();
  const receiver = createOtlpApp({
    series: toSeriesAppender(series),
    sink,
    limits: DEFAULT_INGEST_LIMITS,
    metrics: registerIngestMetrics(new Registry()),
    logPatterns: DEFAULT_LOG_PATTERNS.flatMap((spec) => {
      const compiled = compileLogPattern(spec);
      return compiled.ok ? [compiled.value] : [];
    }),
    spanThresholds: [{ windowMs: 60_000, minSpans: 4, maxErrorRatio: 0.05, latencyQuantile: 0.95 }],
  });
  let server: ServedApp;

  beforeAll(async () => {
    server = await serveLocally(receiver.app.fetch);
  });
  afterAll(async () => {
    await server.close();
  });

  it("receives the SDK's metrics, spans and logs as series and symptoms", async () => {
    const errors: unknown[] = [];
    const telemetry = startTelemetry({
      serviceName: "checkout",
      instrumentations: [],
      endpoint: server.url,
      onError: (error) => errors.push(error),
    });
    metrics.getMeter("shop").createCounter("orders").add(3, { route: "/buy" });
    const tracer = trace.getTracer("shop");
    for (const isError of [false, false, true, true]) {
      tracer.startActiveSpan("GET /buy", { kind: SpanKind.SERVER }, (span) => {
        if (isError) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
    }
    logs.getLogger("shop").emit({
      severityNumber: SeverityNumber.ERROR,
      severityText: "ERROR",
      body: "java.lang.OutOfMemoryError: Java heap space",
    });
    await telemetry.shutdown();
    expect(errors).toEqual([]);

    const atMs = Date.now();
    const query = (text: string) => {
      const result = evaluateInstant(text, atMs, series);
      if (!result.ok || result.value.value.resultType !== "vector") throw new Error(`query failed: ${text}`);
      return result.value.value.result.map((sample) => [sample.metric, sample.value]);
    };
    expect(query('orders_total{job="checkout"}')).toEqual([
      [expect.objectContaining({ __name__: "orders_total", job: "checkout", route: "/buy" }), 3],
    ]);
    expect(query('sum by (status_code) (orbt_spans_total{job="checkout", span_kind="server"})')).toEqual(
      expect.arrayContaining([
        [{ status_code: "unset" }, 2],
        [{ status_code: "error" }, 2],
      ]),
    );
    expect(sink.events.map((event) => [event.type, event.pattern, event.source])).toEqual(
      expect.arrayContaining([
        ["SymptomSeen", "uptime_problems", "otlp:spans:error_ratio"],
        ["SymptomSeen", "performance_issues", "otlp:logs:memory_leaks"],
      ]),
    );
  });
});

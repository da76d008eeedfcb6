import { type Context, Hono } from "hono";
import type { Logger } from "../../create-logger.js";
import { requireRole } from "../../serve/auth/index.js";
import { appendSamples } from "../ingest/append-samples.js";
import { INLINE_DECODER, type IngestDecoder } from "../ingest/ingest-decoder.js";
import { createIngestErrorHandler } from "../ingest/ingest-error-handler.js";
import type { IngestLimits } from "../ingest/ingest-limits.js";
import { countOutcomes, type IngestMetrics } from "../ingest/ingest-metrics.js";
import { readBodyWithin } from "../ingest/read-body-within.js";
import { SeriesCardinality } from "../ingest/series-cardinality.js";
import type { SymptomSink } from "../ingest/symptom-sink.js";
import { SymptomSwitch } from "../ingest/symptom-switch.js";
import { TimeSlicedQueue } from "../ingest/time-sliced-queue.js";
import { toServiceName } from "../ingest/to-service-name.js";
import type { SeriesAppender, SeriesRefAppender } from "../series-appender.js";
import { appendOtlpSamples } from "./append-otlp-samples.js";
import { type LogPattern, matchLogPatterns } from "./log-pattern.js";
import { readOtlpEncoding } from "./otlp-encoding.js";
import { type OtlpHttpResponse, type OtlpSignal, renderOtlpResponse } from "./otlp-response.js";
import { OtlpSeriesCache } from "./otlp-series-cache.js";
import type { OtlpHttpRequest, ReceivedOtlp } from "./receive-otlp.js";
import { renderOtlpRejections } from "./render-otlp-rejections.js";
import { collectSpanRedSamples, createSpanRedAggregate, recordSpans } from "./span-red-aggregate.js";
import { type SpanCheck, type SpanThreshold, SpanWindow } from "./span-window.js";

export type OtlpAppOptions = {
  /** Metrics append by ref (`toSeriesAppender` of the chunked store fits); span RED samples by labels. */
  readonly series: SeriesAppender & SeriesRefAppender;
  readonly sink: SymptomSink;
  readonly limits: IngestLimits;
  readonly metrics: IngestMetrics;
  readonly logPatterns: readonly LogPattern[];
  readonly spanThresholds: readonly SpanThreshold[];
  /** How long a log symptom stays raised after its last matching record; default 5 minutes. */
  readonly logQuietMs?: number;
  /** Where bodies are decoded and translated; on the event loop by default. */
  readonly decoder?: IngestDecoder;
  /** What the appends take turns on the event loop through; one of its own by default. */
  readonly turns?: TimeSlicedQueue;
  readonly now?: () => number;
  readonly log?: Logger;
};

/** The OTLP/HTTP app, and `sweep` to clear log symptoms gone quiet when no logs arrive (call it on ticks). */
export type OtlpReceiver = {
  readonly app: Hono;
  readonly sweep: (nowMs: number) => Promise<void>;
};

const DEFAULT_LOG_QUIET_MS = 5 * 60_000;

const SPAN_SYMPTOMS: Readonly<Record<SpanCheck, { readonly pattern: string; readonly symptom: string }>> = {
  error_ratio: { pattern: "uptime_problems", symptom: "service_unavailable" },
  latency: { pattern: "performance_issues", symptom: "high_response_times" },
};

const MAX_DETAIL_LENGTH = 2000;

type RaisedLogSymptom = {
  readonly service: string;
  readonly pattern: string;
  readonly source: string;
  lastSeenMs: number;
};

/**
 * `POST /v1/metrics|traces|logs` per OTLP/HTTP: metrics become series, spans become RED series and feed the
 * span thresholds, log records matching `logPatterns` raise symptoms with the record as evidence.
 */
export function createOtlpApp(options: OtlpAppOptions): OtlpReceiver {
  const { series, limits, metrics, logPatterns, log } = options;
  const now = options.now ?? Date.now;
  const logQuietMs = options.logQuietMs ?? DEFAULT_LOG_QUIET_MS;
  const decoder = options.decoder ?? INLINE_DECODER;
  const turns = options.turns ?? new TimeSlicedQueue();
  const bodyLimits = { maxBodyBytes: limits.maxBodyBytes, maxDecodedBytes: limits.maxDecodedBytes };
  const cardinality = new SeriesCardinality(limits.maxSeriesPerService);
  const metricSeries = { store: series, cache: new OtlpSeriesCache(), cardinality, limits };
  const symptoms = new SymptomSwitch(options.sink);
  const spanWindow = new SpanWindow(options.spanThresholds);
  const raisedLogSymptoms = new Map<string, RaisedLogSymptom>();
  let spanAggregate = createSpanRedAggregate();
  const app = new Hono();
  app.onError(createIngestErrorHandler(log));

  async function readRequest(c: Context, signal: OtlpSignal): Promise<OtlpHttpRequest | OtlpHttpResponse> {
    const body = await readBodyWithin(c.req.raw, limits.maxBodyBytes);
    if (body.ok) {
      return {
        body: body.value,
        contentType: c.req.header("content-type"),
        contentEncoding: c.req.header("content-encoding"),
      };
    }
    const encoding = readOtlpEncoding(c.req.header("content-type"));
    return renderOtlpResponse(signal, encoding.ok ? encoding.value : "protobuf", body);
  }

  function answer(c: Context, response: OtlpHttpResponse): Response {
    metrics.requests.inc({ receiver: "otlp", status: String(response.status) });
    return c.body(response.body as Uint8Array<ArrayBuffer>, response.status, {
      "content-type": response.contentType,
    });
  }

  app.post("/v1/metrics", requireRole("reporter"), async (c) => {
    const request = await readRequest(c, "metrics");
    if ("status" in request) return answer(c, request);
    const received = await decoder.decode("otlp_metrics", {
      request,
      options: { limits: bodyLimits, receivedAtMs: now() },
    });
    if (received.response.status !== 200) return answer(c, received.response);
    const appended = await turns.run(() => appendOtlpSamples(received.samples, metricSeries));
    const rejections = { ...received.rejections, ...appended.rejections };
    countOutcomes(metrics.samples, "otlp", appended.accepted, rejections);
    return answer(c, withRejections("metrics", received, appended.rejections));
  });

  app.post("/v1/traces", requireRole("reporter"), async (c) => {
    const request = await readRequest(c, "traces");
    if ("status" in request) return answer(c, request);
    const receivedAtMs = now();
    const received = await decoder.decode("otlp_traces", {
      request,
      options: { limits: bodyLimits, receivedAtMs },
    });
    if (received.response.status !== 200) return answer(c, received.response);
    countOutcomes(metrics.spans, "otlp", received.items.length, {});
    spanAggregate = recordSpans(spanAggregate, received.items);
    const jobs = new Set(received.items.map((span) => span.job));
    const redSamples = collectSpanRedSamples(spanAggregate, receivedAtMs).filter((sample) =>
      jobs.has(sample.labels.job ?? ""),
    );
    const appended = appendSamples(redSamples, series, cardinality);
    countOutcomes(metrics.samples, "otlp", appended.accepted, appended.rejections);
    spanWindow.record(received.items, receivedAtMs);
    await applySpanVerdicts(receivedAtMs);
    return answer(c, received.response);
  });

  app.post("/v1/logs", requireRole("reporter"), async (c) => {
    const request = await readRequest(c, "logs");
    if ("status" in request) return answer(c, request);
    const receivedAtMs = now();
    const received = await decoder.decode("otlp_logs", {
      request,
      options: { limits: bodyLimits, receivedAtMs },
    });
    if (received.response.status !== 200) return answer(c, received.response);
    countOutcomes(metrics.logRecords, "otlp", received.items.length, {});
    for (const match of matchLogPatterns(received.items, logPatterns)) {
      const service = toServiceName(match.service);
      if (service === undefined) continue;
      const source = `otlp:logs:${match.symptom}`;
      const key = JSON.stringify([service, match.pattern, source]);
      const raised = raisedLogSymptoms.get(key);
      if (raised !== undefined) raised.lastSeenMs = receivedAtMs;
      else raisedLogSymptoms.set(key, { service, pattern: match.pattern, source, lastSeenMs: receivedAtMs });
      const { severityText, body, attributes, timeUnixMs } = match.evidence;
      await symptoms.raise({
        service,
        pattern: match.pattern,
        symptom: match.symptom,
        source,
        detail: JSON.stringify({ severityText, body, attributes, timeUnixMs }).slice(0, MAX_DETAIL_LENGTH),
      });
    }
    await clearQuietLogSymptoms(receivedAtMs);
    return answer(c, received.response);
  });

  async function applySpanVerdicts(nowMs: number): Promise<void> {
    for (const verdict of spanWindow.evaluate(nowMs)) {
      const service = toServiceName(verdict.service);
      if (service === undefined || verdict.state === "unknown") continue;
      const { pattern, symptom } = SPAN_SYMPTOMS[verdict.check];
      const source = `otlp:spans:${verdict.check}`;
      if (verdict.state === "breached") {
        await symptoms.raise({ service, pattern, symptom, source, detail: verdict.detail });
      } else {
        await symptoms.clear({ service, pattern, source });
      }
    }
  }

  async function clearQuietLogSymptoms(nowMs: number): Promise<void> {
    for (const [key, raised] of raisedLogSymptoms) {
      if (nowMs - raised.lastSeenMs < logQuietMs) continue;
      raisedLogSymptoms.delete(key);
      await symptoms.clear({ service: raised.service, pattern: raised.pattern, source: raised.source });
    }
  }

  return { app, sweep: clearQuietLogSymptoms };
}

/** The answer after the store refused more items than the decoder did. */
function withRejections(
  signal: OtlpSignal,
  received: Omit<ReceivedOtlp<unknown>, "items">,
  refused: Readonly<Record<string, number>>,
): OtlpHttpResponse {
  if (Object.keys(refused).length === 0) return received.response;
  return renderOtlpRejections(signal, received.encoding, { ...received.rejections, ...refused });
}

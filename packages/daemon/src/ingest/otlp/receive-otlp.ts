import { ok, type Result } from "@orbt/core";
import { type BodyLimits, decodeContentEncoding } from "../content-encoding.js";
import type { IngestError } from "../ingest-error.js";
import { enforceLabelLimits, type LabelLimits } from "../label-limits.js";
import type { Sample } from "../sample.js";
import { decodeOtlpLogs, decodeOtlpMetrics, decodeOtlpTraces } from "./decode-otlp-request.js";
import { type OtlpEncoding, readOtlpEncoding } from "./otlp-encoding.js";
import { type OtlpHttpResponse, renderOtlpResponse } from "./otlp-response.js";
import { type LogRecord, translateOtlpLogs } from "./translate-otlp-logs.js";
import { type MetricRejectionReason, translateOtlpMetrics } from "./translate-otlp-metrics.js";
import { type SpanSample, translateOtlpSpans } from "./translate-otlp-spans.js";

/** An OTLP/HTTP request as the route reads it. */
export type OtlpHttpRequest = {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
};

export type OtlpReceiveOptions = { readonly limits: BodyLimits; readonly receivedAtMs: number };

export type ReceivedOtlp<T> = { readonly response: OtlpHttpResponse; readonly items: readonly T[] };

type RejectionReason = MetricRejectionReason | "label_limits";

/**
 * Decodes, translates and answers an OTLP/HTTP metrics request. Series refused by the label limits count
 * as rejected data points one per series, an overcount for histograms and summaries, which make several
 * series per point.
 */
export function receiveOtlpMetrics(
  request: OtlpHttpRequest,
  options: OtlpReceiveOptions & { readonly labelLimits: LabelLimits },
): ReceivedOtlp<Sample> {
  const { encoding, decoded } = decodeRequest(request, options.limits, decodeOtlpMetrics);
  if (!decoded.ok) return { response: renderOtlpResponse("metrics", encoding, decoded), items: [] };
  const translation = translateOtlpMetrics(decoded.value, options.receivedAtMs);
  const limited = enforceLabelLimits(translation.samples, options.labelLimits);
  const rejections: Partial<Record<RejectionReason, number>> = { ...translation.rejections };
  if (limited.rejected.length > 0) rejections.label_limits = limited.rejected.length;
  const rejected = translation.rejectedDataPoints + limited.rejected.length;
  const response = renderOtlpResponse(
    "metrics",
    encoding,
    ok({ rejected, errorMessage: summarizeRejections(rejections) }),
  );
  return { response, items: limited.accepted };
}

export function receiveOtlpTraces(
  request: OtlpHttpRequest,
  options: OtlpReceiveOptions,
): ReceivedOtlp<SpanSample> {
  const { encoding, decoded } = decodeRequest(request, options.limits, decodeOtlpTraces);
  if (!decoded.ok) return { response: renderOtlpResponse("traces", encoding, decoded), items: [] };
  const response = renderOtlpResponse("traces", encoding, ok({ rejected: 0, errorMessage: "" }));
  return { response, items: translateOtlpSpans(decoded.value) };
}

export function receiveOtlpLogs(
  request: OtlpHttpRequest,
  options: OtlpReceiveOptions,
): ReceivedOtlp<LogRecord> {
  const { encoding, decoded } = decodeRequest(request, options.limits, decodeOtlpLogs);
  if (!decoded.ok) return { response: renderOtlpResponse("logs", encoding, decoded), items: [] };
  const response = renderOtlpResponse("logs", encoding, ok({ rejected: 0, errorMessage: "" }));
  return { response, items: translateOtlpLogs(decoded.value, options.receivedAtMs) };
}

function decodeRequest<T>(
  request: OtlpHttpRequest,
  limits: BodyLimits,
  decode: (body: Uint8Array, encoding: OtlpEncoding) => Result<T, IngestError>,
): { readonly encoding: OtlpEncoding; readonly decoded: Result<T, IngestError> } {
  const encoding = readOtlpEncoding(request.contentType);
  // With no usable Content-Type there is no request encoding to answer in; protobuf is OTLP's default.
  if (!encoding.ok) return { encoding: "protobuf", decoded: encoding };
  const body = decodeContentEncoding(request.body, request.contentEncoding, limits);
  return { encoding: encoding.value, decoded: body.ok ? decode(body.value, encoding.value) : body };
}

function summarizeRejections(rejections: Readonly<Partial<Record<RejectionReason, number>>>): string {
  return Object.entries(rejections)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join(", ");
}

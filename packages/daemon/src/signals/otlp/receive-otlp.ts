import { err, type Result } from "@orbt/core";
import { type BodyLimits, decodeContentEncoding } from "../ingest/content-encoding.js";
import type { IngestError } from "../ingest/ingest-error.js";
import { decodeOtlpLogs, decodeOtlpMetrics, decodeOtlpTraces } from "./decode-otlp-request.js";
import { type OtlpEncoding, readOtlpEncoding } from "./otlp-encoding.js";
import { type OtlpHttpResponse, type OtlpSignal, renderOtlpResponse } from "./otlp-response.js";
import { renderOtlpRejections } from "./render-otlp-rejections.js";
import { type LogRecord, translateOtlpLogs } from "./translate-otlp-logs.js";
import { type OtlpSample, type OtlpSampleSink, translateOtlpMetrics } from "./translate-otlp-metrics.js";
import { type SpanSample, translateOtlpSpans } from "./translate-otlp-spans.js";

/** An OTLP/HTTP request as the route reads it. */
export type OtlpHttpRequest = {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
};

export type OtlpReceiveOptions = { readonly limits: BodyLimits; readonly receivedAtMs: number };

export type ReceivedOtlp<T> = {
  readonly response: OtlpHttpResponse;
  readonly items: readonly T[];
  /** The request's encoding, to answer in when the caller refuses more items (`renderOtlpRejections`). */
  readonly encoding: OtlpEncoding;
  /** Items refused so far, by reason. */
  readonly rejections: Readonly<Record<string, number>>;
};

/**
 * Decodes, translates and answers an OTLP/HTTP metrics request; the store's refusals (label limits,
 * cardinality, out of order) are the caller's to add (`renderOtlpRejections`).
 */
export function receiveOtlpMetrics(
  request: OtlpHttpRequest,
  options: OtlpReceiveOptions,
  /** Where the samples go as they are translated: by default into `items`, which are empty with a sink. */
  sink?: OtlpSampleSink,
): ReceivedOtlp<OtlpSample> {
  const { encoding, decoded } = decodeRequest(request, options.limits, decodeOtlpMetrics);
  if (!decoded.ok) return refused("metrics", encoding, decoded.error);
  const { samples, rejections } = translateOtlpMetrics(decoded.value, options.receivedAtMs, sink);
  const response = renderOtlpRejections("metrics", encoding, rejections);
  return { response, items: samples, encoding, rejections };
}

export function receiveOtlpTraces(
  request: OtlpHttpRequest,
  options: OtlpReceiveOptions,
): ReceivedOtlp<SpanSample> {
  const { encoding, decoded } = decodeRequest(request, options.limits, decodeOtlpTraces);
  if (!decoded.ok) return refused("traces", encoding, decoded.error);
  const response = renderOtlpRejections("traces", encoding, {});
  return { response, items: translateOtlpSpans(decoded.value), encoding, rejections: {} };
}

export function receiveOtlpLogs(
  request: OtlpHttpRequest,
  options: OtlpReceiveOptions,
): ReceivedOtlp<LogRecord> {
  const { encoding, decoded } = decodeRequest(request, options.limits, decodeOtlpLogs);
  if (!decoded.ok) return refused("logs", encoding, decoded.error);
  const response = renderOtlpRejections("logs", encoding, {});
  return {
    response,
    items: translateOtlpLogs(decoded.value, options.receivedAtMs),
    encoding,
    rejections: {},
  };
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

function refused<T>(signal: OtlpSignal, encoding: OtlpEncoding, error: IngestError): ReceivedOtlp<T> {
  return { response: renderOtlpResponse(signal, encoding, err(error)), items: [], encoding, rejections: {} };
}

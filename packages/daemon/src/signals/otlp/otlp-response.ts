import type { Result } from "@orbt/core";
import type protobuf from "protobufjs";
import { type IngestError, toHttpStatus } from "../ingest/ingest-error.js";
import type { OtlpEncoding } from "./otlp-encoding.js";
import { otlpProto } from "./otlp-proto.js";

export type OtlpSignal = "metrics" | "traces" | "logs";

type OtlpResponseType =
  | "ExportMetricsServiceResponse"
  | "ExportTraceServiceResponse"
  | "ExportLogsServiceResponse";

/** What the receiver kept: items (data points, spans, log records) it refused, and why. */
export type OtlpAccepted = { readonly rejected: number; readonly errorMessage: string };

export type OtlpHttpResponse = {
  readonly status: 200 | 400 | 413 | 415;
  readonly contentType: string;
  readonly body: Uint8Array;
};

// Named, not resolved here: the OTLP definitions are loaded on the first request (see otlp-proto.ts).
const RESPONSES: Readonly<
  Record<OtlpSignal, { readonly type: OtlpResponseType; readonly rejectedField: string }>
> = {
  metrics: { type: "ExportMetricsServiceResponse", rejectedField: "rejectedDataPoints" },
  traces: { type: "ExportTraceServiceResponse", rejectedField: "rejectedSpans" },
  logs: { type: "ExportLogsServiceResponse", rejectedField: "rejectedLogRecords" },
};

// gRPC codes carried in google.rpc.Status, as OTLP/HTTP asks for error bodies.
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_RESOURCE_EXHAUSTED = 8;

const CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

/**
 * The OTLP/HTTP answer, in the request's encoding: 200 with an Export*ServiceResponse (carrying
 * `partial_success` when something was rejected), or 400/413/415 with a google.rpc.Status.
 */
export function renderOtlpResponse(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  outcome: Result<OtlpAccepted, IngestError>,
): OtlpHttpResponse {
  if (!outcome.ok) {
    const status = toHttpStatus(outcome.error);
    const code = status === 413 ? GRPC_RESOURCE_EXHAUSTED : GRPC_INVALID_ARGUMENT;
    return encodeMessage(otlpProto.Status, { code, message: outcome.error.message }, encoding, status);
  }
  const { type, rejectedField } = RESPONSES[signal];
  const { rejected, errorMessage } = outcome.value;
  if (rejected === 0 && errorMessage === "") return fullSuccess(signal, encoding);
  const message = { partialSuccess: { [rejectedField]: rejected, errorMessage } };
  return encodeMessage(otlpProto[type], message, encoding, 200);
}

/** The answers of full success, each encoded once: most requests get one. */
const FULL_SUCCESS: Record<OtlpSignal, Partial<Record<OtlpEncoding, OtlpHttpResponse>>> = {
  metrics: {},
  traces: {},
  logs: {},
};

function fullSuccess(signal: OtlpSignal, encoding: OtlpEncoding): OtlpHttpResponse {
  let encoded = FULL_SUCCESS[signal][encoding];
  if (encoded === undefined) {
    encoded = encodeMessage(otlpProto[RESPONSES[signal].type], {}, encoding, 200);
    FULL_SUCCESS[signal][encoding] = encoded;
  }
  // A copy (a Buffer's slice would share its bytes): a decode thread transfers the buffers it answers
  // with, which would empty the one kept.
  return { status: 200, contentType: encoded.contentType, body: new Uint8Array(encoded.body) };
}

function encodeMessage(
  type: protobuf.Type,
  properties: Record<string, unknown>,
  encoding: OtlpEncoding,
  status: OtlpHttpResponse["status"],
): OtlpHttpResponse {
  const message = type.fromObject(properties);
  const body =
    encoding === "protobuf"
      ? type.encode(message).finish()
      : new TextEncoder().encode(JSON.stringify(type.toObject(message, { longs: String })));
  return { status, contentType: CONTENT_TYPES[encoding], body };
}

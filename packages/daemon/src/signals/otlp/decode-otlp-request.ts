import { err, ok, type Result } from "@orbt/core";
import type protobuf from "protobufjs";
import type { z } from "zod";
import { describeError } from "../ingest/describe-error.js";
import type { IngestError } from "../ingest/ingest-error.js";
import type { OtlpEncoding } from "./otlp-encoding.js";
import { otlpProto } from "./otlp-proto.js";
import { OtlpLogsRequest, OtlpMetricsRequest, OtlpTracesRequest } from "./otlp-schema.js";
import { type MetricsRequestMessage, readMetricsMessage } from "./read-metrics-message.js";
import { readMetricsRequest } from "./read-metrics-request.js";

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  arrays: true,
  defaults: false,
};

export function decodeOtlpMetrics(
  body: Uint8Array,
  encoding: OtlpEncoding,
): Result<OtlpMetricsRequest, IngestError> {
  // Most protobuf bodies read straight from their bytes; the others, malformed ones among them, are
  // decoded by protobufjs, which makes the same request of what both read.
  const read = encoding === "protobuf" ? readMetricsRequest(body) : undefined;
  if (read !== undefined) return ok(read);
  return decodeOtlpRequest(
    otlpProto.ExportMetricsServiceRequest,
    OtlpMetricsRequest,
    body,
    encoding,
    (message) => readMetricsMessage(message as unknown as MetricsRequestMessage),
  );
}

export function decodeOtlpTraces(
  body: Uint8Array,
  encoding: OtlpEncoding,
): Result<OtlpTracesRequest, IngestError> {
  return decodeOtlpRequest(otlpProto.ExportTraceServiceRequest, OtlpTracesRequest, body, encoding);
}

export function decodeOtlpLogs(
  body: Uint8Array,
  encoding: OtlpEncoding,
): Result<OtlpLogsRequest, IngestError> {
  return decodeOtlpRequest(otlpProto.ExportLogsServiceRequest, OtlpLogsRequest, body, encoding);
}

function decodeOtlpRequest<S extends z.ZodType>(
  type: protobuf.Type,
  schema: S,
  body: Uint8Array,
  encoding: OtlpEncoding,
  /** Reads the decoded message without the schema; by default it goes through `toObject` and the schema. */
  readMessage?: (message: protobuf.Message) => z.output<S>,
): Result<z.output<S>, IngestError> {
  // Hostile nesting can overflow the stack in the decoder or the schema; that, too, is a malformed body.
  try {
    if (encoding === "protobuf" && readMessage !== undefined) return ok(readMessage(type.decode(body)));
    const raw: unknown =
      encoding === "protobuf"
        ? type.toObject(type.decode(body), TO_OBJECT)
        : JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
      return err({
        code: "malformed_body",
        message: `invalid OTLP ${encoding} body${where}: ${issue?.message}`,
      });
    }
    return ok(parsed.data);
  } catch (cause) {
    return err({ code: "malformed_body", message: `invalid OTLP ${encoding} body: ${describeError(cause)}` });
  }
}

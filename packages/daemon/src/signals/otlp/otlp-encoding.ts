import { err, ok, type Result } from "@orbt/core";
import type { IngestError } from "../ingest/ingest-error.js";

/** The two OTLP/HTTP body encodings, told apart by `Content-Type`. */
export type OtlpEncoding = "protobuf" | "json";

export function readOtlpEncoding(contentType: string | undefined): Result<OtlpEncoding, IngestError> {
  const mediaType = (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/x-protobuf") return ok("protobuf");
  if (mediaType === "application/json") return ok("json");
  return err({
    code: "unsupported_media_type",
    message: `unsupported Content-Type "${mediaType}": expected application/x-protobuf or application/json`,
  });
}

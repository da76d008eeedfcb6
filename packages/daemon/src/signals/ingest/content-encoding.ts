import { gunzipSync } from "node:zlib";
import { err, ok, type Result } from "@orbt/core";
import { checkBodySize } from "./body-size.js";
import { describeError } from "./describe-error.js";
import type { IngestError } from "./ingest-error.js";

export type BodyLimits = {
  /** Largest body accepted as received on the wire. */
  readonly maxBodyBytes: number;
  /** Largest body accepted after decompression. */
  readonly maxDecodedBytes: number;
};

/** Undoes `Content-Encoding` (identity or gzip) within the limits; a gzip bomb stops at `maxDecodedBytes`. */
export function decodeContentEncoding(
  body: Uint8Array,
  contentEncoding: string | undefined,
  limits: BodyLimits,
): Result<Uint8Array, IngestError> {
  const size = checkBodySize(body.byteLength, limits.maxBodyBytes);
  if (!size.ok) return size;
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") {
    return checkBodySize(body.byteLength, limits.maxDecodedBytes).ok ? ok(body) : tooLargeDecoded(limits);
  }
  if (encoding !== "gzip" && encoding !== "x-gzip") {
    return err({
      code: "unsupported_content_encoding",
      message: `unsupported Content-Encoding "${encoding}"`,
    });
  }
  try {
    // maxOutputLength makes zlib stop inflating at the limit instead of growing a buffer for the whole bomb.
    return ok(gunzipSync(body, { maxOutputLength: limits.maxDecodedBytes }));
  } catch (cause) {
    if (isBufferTooLarge(cause)) return tooLargeDecoded(limits);
    return err({ code: "malformed_body", message: `invalid gzip body: ${describeError(cause)}` });
  }
}

function tooLargeDecoded(limits: BodyLimits): Result<never, IngestError> {
  return err({
    code: "body_too_large",
    message: `decoded body exceeds the limit of ${limits.maxDecodedBytes} bytes`,
    limitBytes: limits.maxDecodedBytes,
  });
}

function isBufferTooLarge(cause: unknown): boolean {
  return cause instanceof RangeError && (cause as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
}

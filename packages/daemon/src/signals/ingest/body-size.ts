import { err, ok, type Result } from "@orbt/core";
import type { IngestError } from "./ingest-error.js";

/** Refuses a body (or its declared Content-Length) past the limit before anything reads or decodes it. */
export function checkBodySize(byteLength: number, maxBodyBytes: number): Result<number, IngestError> {
  if (byteLength > maxBodyBytes) {
    return err({
      code: "body_too_large",
      message: `body of ${byteLength} bytes exceeds the limit of ${maxBodyBytes} bytes`,
      limitBytes: maxBodyBytes,
    });
  }
  return ok(byteLength);
}

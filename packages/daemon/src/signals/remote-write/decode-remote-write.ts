import { err, ok, type Result } from "@orbt/core";
import { checkBodySize } from "../ingest/body-size.js";
import type { BodyLimits } from "../ingest/content-encoding.js";
import { describeError } from "../ingest/describe-error.js";
import type { IngestError } from "../ingest/ingest-error.js";
import { uncompressSnappyBlock } from "../ingest/snappy-block.js";
import { WriteRequestView } from "./write-request-view.js";

export type RemoteWriteHeaders = {
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
};

/**
 * A remote_write 1.0 body (snappy block-compressed protobuf WriteRequest), read into a view whose labels
 * are checked as they are decoded. Whatever Prometheus itself answers 400 to is `malformed_body`: bad
 * snappy or protobuf here, bad labels from the view. Prometheus senders retry 5xx but drop 4xx, so
 * nothing here is retryable.
 */
export function decodeRemoteWrite(
  body: Uint8Array,
  headers: RemoteWriteHeaders,
  limits: BodyLimits,
): Result<WriteRequestView, IngestError> {
  const mediaType = (headers.contentType ?? "application/x-protobuf").split(";", 1)[0]?.trim().toLowerCase();
  if (mediaType !== "application/x-protobuf") {
    return err({ code: "unsupported_media_type", message: `unsupported Content-Type "${mediaType}"` });
  }
  const encoding = (headers.contentEncoding ?? "snappy").trim().toLowerCase();
  if (encoding !== "snappy") {
    return err({
      code: "unsupported_content_encoding",
      message: `unsupported Content-Encoding "${encoding}"`,
    });
  }
  const size = checkBodySize(body.byteLength, limits.maxBodyBytes);
  if (!size.ok) return size;
  const raw = uncompressSnappyBlock(body, limits.maxDecodedBytes);
  if (!raw.ok) return raw;
  try {
    return ok(new WriteRequestView(raw.value));
  } catch (cause) {
    return err({ code: "malformed_body", message: `invalid WriteRequest: ${describeError(cause)}` });
  }
}

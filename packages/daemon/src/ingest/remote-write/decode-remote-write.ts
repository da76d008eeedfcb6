import { err, ok, type Result } from "@orbt/core";
import { checkBodySize } from "../body-size.js";
import type { BodyLimits } from "../content-encoding.js";
import { describeError } from "../describe-error.js";
import type { IngestError } from "../ingest-error.js";
import type { Sample } from "../sample.js";
import { uncompressSnappyBlock } from "../snappy-block.js";
import { WriteRequestType } from "./remote-write-proto.js";

export type RemoteWriteHeaders = {
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
};

export type RemoteWriteBatch = {
  readonly samples: readonly Sample[];
  /** Native histogram points, which Orbt's store does not hold; counted so the edge can log them. */
  readonly ignoredHistograms: number;
};

type DecodedWriteRequest = {
  readonly timeseries: readonly {
    readonly labels: readonly { readonly name: string; readonly value: string }[];
    readonly samples: readonly { readonly value: number; readonly timestamp: number }[];
    readonly histograms: readonly unknown[];
  }[];
};

/**
 * A remote_write 1.0 body (snappy block-compressed protobuf WriteRequest) as samples. Whatever Prometheus
 * itself answers 400 to is `malformed_body` here: bad snappy or protobuf, a series without `__name__`, an
 * empty or repeated label name. Prometheus senders retry 5xx but drop 4xx, so nothing here is retryable.
 */
export function decodeRemoteWrite(
  body: Uint8Array,
  headers: RemoteWriteHeaders,
  limits: BodyLimits,
): Result<RemoteWriteBatch, IngestError> {
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
  let request: DecodedWriteRequest;
  try {
    const message = WriteRequestType.decode(raw.value);
    request = WriteRequestType.toObject(message, {
      longs: Number,
      arrays: true,
      defaults: true,
    }) as DecodedWriteRequest;
  } catch (cause) {
    return err({ code: "malformed_body", message: `invalid WriteRequest: ${describeError(cause)}` });
  }
  return toBatch(request);
}

function toBatch(request: DecodedWriteRequest): Result<RemoteWriteBatch, IngestError> {
  const samples: Sample[] = [];
  let ignoredHistograms = 0;
  for (const [index, series] of request.timeseries.entries()) {
    const labels: Record<string, string> = {};
    for (const { name, value } of series.labels) {
      if (name === "" || Object.hasOwn(labels, name)) {
        return err({
          code: "malformed_body",
          message: `timeseries[${index}]: empty or repeated label name "${name}"`,
        });
      }
      // An empty value means the label is absent (Prometheus drops it too).
      if (value !== "") labels[name] = value;
    }
    if (labels.__name__ === undefined) {
      return err({ code: "malformed_body", message: `timeseries[${index}]: no __name__ label` });
    }
    for (const sample of series.samples) {
      samples.push({ labels, timestampMs: sample.timestamp, value: sample.value });
    }
    ignoredHistograms += series.histograms.length;
  }
  return ok({ samples, ignoredHistograms });
}

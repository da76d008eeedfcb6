import { ok, type Result } from "@orbt/core";
import { type ReceivedOtlpMetrics, receiveOtlpMetricColumns } from "../otlp/otlp-sample-columns.js";
import type { OtlpHttpRequest, OtlpReceiveOptions, ReceivedOtlp } from "../otlp/receive-otlp.js";
import { receiveOtlpLogs, receiveOtlpTraces } from "../otlp/receive-otlp.js";
import type { LogRecord } from "../otlp/translate-otlp-logs.js";
import type { SpanSample } from "../otlp/translate-otlp-spans.js";
import { decodeRemoteWrite, type RemoteWriteHeaders } from "../remote-write/decode-remote-write.js";
import type { WriteRequestParts } from "../remote-write/write-request-view.js";
import type { BodyLimits } from "./content-encoding.js";
import type { IngestError } from "./ingest-error.js";

type OtlpTask = { readonly request: OtlpHttpRequest; readonly options: OtlpReceiveOptions };

/** Each kind of body a receiver decodes: what it is given and what it gives back, both structured-cloneable. */
export type DecodeTasks = {
  readonly remote_write: {
    readonly task: {
      readonly body: Uint8Array;
      readonly headers: RemoteWriteHeaders;
      readonly limits: BodyLimits;
    };
    readonly result: Result<WriteRequestParts, IngestError>;
  };
  readonly otlp_metrics: { readonly task: OtlpTask; readonly result: ReceivedOtlpMetrics };
  readonly otlp_traces: { readonly task: OtlpTask; readonly result: ReceivedOtlp<SpanSample> };
  readonly otlp_logs: { readonly task: OtlpTask; readonly result: ReceivedOtlp<LogRecord> };
};

export type DecodeKind = keyof DecodeTasks;

type DecodeTaskRegistry = {
  readonly [K in DecodeKind]: (task: DecodeTasks[K]["task"]) => DecodeTasks[K]["result"];
};

/**
 * The decoding of each kind, pure and synchronous: run on the event loop, or on a decode thread
 * (`DecodePool`), with the same result.
 */
export const DECODE_TASKS: DecodeTaskRegistry = {
  remote_write: ({ body, headers, limits }) => {
    const view = decodeRemoteWrite(body, headers, limits);
    return view.ok ? ok(view.value.parts) : view;
  },
  otlp_metrics: ({ request, options }) => receiveOtlpMetricColumns(request, options),
  otlp_traces: ({ request, options }) => receiveOtlpTraces(request, options),
  otlp_logs: ({ request, options }) => receiveOtlpLogs(request, options),
};

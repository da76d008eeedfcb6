import { nanosToMs } from "./nanos-to-ms.js";
import type { OtlpTracesRequest } from "./otlp-schema.js";
import { readResourceIdentity } from "./resource-identity.js";

export type SpanKindName = "unspecified" | "internal" | "server" | "client" | "producer" | "consumer";
export type SpanStatusName = "unset" | "ok" | "error";

/** What one span contributes to its service's rate, errors and duration. */
export type SpanSample = {
  readonly job: string;
  readonly spanKind: SpanKindName;
  readonly statusCode: SpanStatusName;
  readonly durationSeconds: number;
  readonly endTimeMs: number;
};

const SPAN_KINDS: readonly SpanKindName[] = [
  "unspecified",
  "internal",
  "server",
  "client",
  "producer",
  "consumer",
];
const STATUS_CODES: readonly SpanStatusName[] = ["unset", "ok", "error"];

/** One SpanSample per span, its job taken from the resource's `service.*` attributes. */
export function translateOtlpSpans(request: OtlpTracesRequest): SpanSample[] {
  const samples: SpanSample[] = [];
  for (const resourceSpans of request.resourceSpans) {
    const { job } = readResourceIdentity(resourceSpans.resource?.attributes ?? {});
    for (const scopeSpans of resourceSpans.scopeSpans) {
      for (const span of scopeSpans.spans) {
        // A clock step can put the end before the start; such a span still counts, with no duration.
        const durationNanos =
          span.endTimeUnixNano > span.startTimeUnixNano ? span.endTimeUnixNano - span.startTimeUnixNano : 0n;
        samples.push({
          job,
          spanKind: SPAN_KINDS[span.kind] ?? "unspecified",
          statusCode: STATUS_CODES[span.status?.code ?? 0] ?? "unset",
          durationSeconds: Number(durationNanos) / 1e9,
          endTimeMs: nanosToMs(span.endTimeUnixNano),
        });
      }
    }
  }
  return samples;
}

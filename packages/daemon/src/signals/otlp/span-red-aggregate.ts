import { formatPrometheusFloat } from "../ingest/format-prometheus-float.js";
import type { Sample } from "../ingest/sample.js";
import type { SpanKindName, SpanSample } from "./translate-otlp-spans.js";

/** Cumulative RED state of the spans seen so far: counters per (job, kind, status), a histogram per job. */
export type SpanRedAggregate = {
  readonly boundsSeconds: readonly number[];
  /** Kinds whose durations feed the histogram. */
  readonly durationKinds: readonly SpanKindName[];
  readonly spanCounts: Readonly<Record<string, SpanCount>>;
  readonly durations: Readonly<Record<string, DurationHistogram>>;
};

type SpanCount = {
  readonly job: string;
  readonly spanKind: SpanKindName;
  readonly statusCode: string;
  readonly count: number;
};

type DurationHistogram = {
  readonly job: string;
  /** Per bound, the count of durations at or below it (already cumulative). */
  readonly bucketCounts: readonly number[];
  readonly sumSeconds: number;
  readonly count: number;
};

/** Prometheus client libraries' default buckets. */
export const DEFAULT_SPAN_BOUNDS_SECONDS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

// Server and consumer spans are the requests a service handles; mixing in its client and internal spans
// would make the latency figure describe its dependencies and its code paths instead.
const DEFAULT_DURATION_KINDS: readonly SpanKindName[] = ["server", "consumer"];

export function createSpanRedAggregate(
  boundsSeconds: readonly number[] = DEFAULT_SPAN_BOUNDS_SECONDS,
  durationKinds: readonly SpanKindName[] = DEFAULT_DURATION_KINDS,
): SpanRedAggregate {
  return {
    boundsSeconds: [...boundsSeconds].sort((a, b) => a - b),
    durationKinds,
    spanCounts: {},
    durations: {},
  };
}

export function recordSpans(aggregate: SpanRedAggregate, spans: readonly SpanSample[]): SpanRedAggregate {
  const spanCounts = { ...aggregate.spanCounts };
  const durations = { ...aggregate.durations };
  for (const span of spans) {
    const countKey = JSON.stringify([span.job, span.spanKind, span.statusCode]);
    const counted = spanCounts[countKey];
    spanCounts[countKey] = {
      job: span.job,
      spanKind: span.spanKind,
      statusCode: span.statusCode,
      count: (counted?.count ?? 0) + 1,
    };
    if (!aggregate.durationKinds.includes(span.spanKind)) continue;
    const histogram = durations[span.job] ?? {
      job: span.job,
      bucketCounts: aggregate.boundsSeconds.map(() => 0),
      sumSeconds: 0,
      count: 0,
    };
    durations[span.job] = {
      job: span.job,
      bucketCounts: histogram.bucketCounts.map((count, index) =>
        span.durationSeconds <= (aggregate.boundsSeconds[index] ?? 0) ? count + 1 : count,
      ),
      sumSeconds: histogram.sumSeconds + span.durationSeconds,
      count: histogram.count + 1,
    };
  }
  return { ...aggregate, spanCounts, durations };
}

/**
 * The aggregate as samples at `atMs`: `orbt_spans_total{job,span_kind,status_code}` and
 * `orbt_span_duration_seconds_bucket{job,le}` with its `_sum` and `_count`.
 */
export function collectSpanRedSamples(aggregate: SpanRedAggregate, atMs: number): Sample[] {
  const samples: Sample[] = [];
  for (const { job, spanKind, statusCode, count } of Object.values(aggregate.spanCounts)) {
    const labels = { __name__: "orbt_spans_total", job, span_kind: spanKind, status_code: statusCode };
    samples.push({ labels, timestampMs: atMs, value: count });
  }
  for (const { job, bucketCounts, sumSeconds, count } of Object.values(aggregate.durations)) {
    aggregate.boundsSeconds.forEach((bound, index) => {
      const labels = { __name__: "orbt_span_duration_seconds_bucket", job, le: formatPrometheusFloat(bound) };
      samples.push({ labels, timestampMs: atMs, value: bucketCounts[index] ?? 0 });
    });
    const infLabels = { __name__: "orbt_span_duration_seconds_bucket", job, le: "+Inf" };
    samples.push({ labels: infLabels, timestampMs: atMs, value: count });
    samples.push({
      labels: { __name__: "orbt_span_duration_seconds_sum", job },
      timestampMs: atMs,
      value: sumSeconds,
    });
    samples.push({
      labels: { __name__: "orbt_span_duration_seconds_count", job },
      timestampMs: atMs,
      value: count,
    });
  }
  return samples;
}

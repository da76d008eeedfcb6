import { describe, expect, it } from "vitest";
import type { Sample } from "../ingest/sample.js";
import { collectSpanRedSamples, createSpanRedAggregate, recordSpans } from "./span-red-aggregate.js";
import type { SpanSample } from "./translate-otlp-spans.js";

function span(overrides: Partial<SpanSample>): SpanSample {
  return {
    job: "api",
    spanKind: "server",
    statusCode: "unset",
    durationSeconds: 0.1,
    endTimeMs: 0,
    ...overrides,
  };
}

function findValue(samples: readonly Sample[], labels: Readonly<Record<string, string>>): number | undefined {
  const found = samples.find((sample) =>
    Object.entries(labels).every(([name, value]) => sample.labels[name] === value),
  );
  return found?.value;
}

describe("span RED aggregate", () => {
  it("keeps cumulative counters per job, kind and status across batches", () => {
    const first = recordSpans(createSpanRedAggregate(), [
      span({ statusCode: "error" }),
      span({}),
      span({ job: "db", spanKind: "client" }),
    ]);
    const second = recordSpans(first, [span({ statusCode: "error" })]);
    const samples = collectSpanRedSamples(second, 5_000);
    const spansTotal = samples.filter((sample) => sample.labels.__name__ === "orbt_spans_total");
    expect(spansTotal).toEqual([
      {
        labels: { __name__: "orbt_spans_total", job: "api", span_kind: "server", status_code: "error" },
        timestampMs: 5_000,
        value: 2,
      },
      {
        labels: { __name__: "orbt_spans_total", job: "api", span_kind: "server", status_code: "unset" },
        timestampMs: 5_000,
        value: 1,
      },
      {
        labels: { __name__: "orbt_spans_total", job: "db", span_kind: "client", status_code: "unset" },
        timestampMs: 5_000,
        value: 1,
      },
    ]);
    // The earlier state is untouched: aggregates are values.
    expect(
      findValue(collectSpanRedSamples(first, 0), { __name__: "orbt_spans_total", status_code: "error" }),
    ).toBe(1);
  });

  it("fills cumulative duration buckets for server and consumer spans only", () => {
    const aggregate = recordSpans(createSpanRedAggregate([1, 0.1]), [
      span({ durationSeconds: 0.05 }),
      span({ durationSeconds: 0.1 }),
      span({ durationSeconds: 0.5, spanKind: "consumer" }),
      span({ durationSeconds: 7 }),
      span({ durationSeconds: 9, spanKind: "client" }),
    ]);
    const histogram = collectSpanRedSamples(aggregate, 1).filter(
      (sample) => sample.labels.__name__ !== "orbt_spans_total",
    );
    expect(histogram.map((sample) => [sample.labels.__name__, sample.labels.le, sample.value])).toEqual([
      ["orbt_span_duration_seconds_bucket", "0.1", 2],
      ["orbt_span_duration_seconds_bucket", "1", 3],
      ["orbt_span_duration_seconds_bucket", "+Inf", 4],
      ["orbt_span_duration_seconds_sum", undefined, 7.65],
      ["orbt_span_duration_seconds_count", undefined, 4],
    ]);
    expect(histogram.every((sample) => sample.labels.job === "api")).toBe(true);
  });

  it("emits nothing before any span", () => {
    expect(collectSpanRedSamples(createSpanRedAggregate(), 0)).toEqual([]);
  });
});

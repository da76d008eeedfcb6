import { describe, expect, it } from "vitest";
import { SpanWindow } from "./span-window.js";
import type { SpanSample } from "./translate-otlp-spans.js";

const T0_MS = 1_800_000_000_000;

function requests(count: number, durationSeconds: number, statusCode: SpanSample["statusCode"] = "unset") {
  return Array.from({ length: count }, () => ({
    job: "web",
    spanKind: "server" as const,
    statusCode,
    durationSeconds,
    endTimeMs: T0_MS,
  }));
}

describe("SpanWindow", () => {
  it("says unknown below minSpans, then judges the latency quantile from the buckets", () => {
    const window = new SpanWindow([
      { windowMs: 60_000, minSpans: 10, maxLatencySeconds: 0.5, latencyQuantile: 0.9 },
    ]);
    window.record(requests(5, 2), T0_MS);
    expect(window.evaluate(T0_MS).map((verdict) => verdict.state)).toEqual(["unknown"]);
    window.record(requests(5, 0.01), T0_MS + 1_000);
    expect(window.evaluate(T0_MS + 1_000)).toEqual([
      expect.objectContaining({ service: "web", check: "latency", state: "breached" }),
    ]);
    // The slow spans leave the window; fast ones alone are back under.
    window.record(requests(10, 0.01), T0_MS + 60_500);
    expect(window.evaluate(T0_MS + 60_500).map((verdict) => verdict.state)).toEqual(["ok"]);
  });

  it("counts only server and consumer spans of services a threshold covers", () => {
    const window = new SpanWindow([
      { service: "api", windowMs: 60_000, minSpans: 1, maxErrorRatio: 0.1, latencyQuantile: 0.95 },
    ]);
    window.record(
      [
        ...requests(3, 0.01, "error"),
        { job: "api", spanKind: "client", statusCode: "error", durationSeconds: 0, endTimeMs: T0_MS },
        { job: "api", spanKind: "server", statusCode: "ok", durationSeconds: 0, endTimeMs: T0_MS },
      ],
      T0_MS,
    );
    expect(window.evaluate(T0_MS)).toEqual([
      expect.objectContaining({ service: "api", check: "error_ratio", state: "ok" }),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { measureSli } from "./measure-sli.js";

describe("measureSli", () => {
  it("gives the share of probes that answered and the p99 latency of the answers", () => {
    const probes = [
      ...Array.from({ length: 99 }, (_, index) => ({ at: index, isUp: true, latencyMs: 10 + index })),
      { at: 100, isUp: false, latencyMs: 5_000 },
    ];
    expect(measureSli(probes)).toEqual({ uptimePercent: 99, latencyP99Ms: 108 });
  });

  it("measures nothing without probes, and no latency when none answered", () => {
    expect(measureSli([])).toEqual({ uptimePercent: null, latencyP99Ms: null });
    expect(measureSli([{ at: 1, isUp: false, latencyMs: 30 }])).toEqual({
      uptimePercent: 0,
      latencyP99Ms: null,
    });
  });
});

import { describe, expect, it } from "vitest";
import { formatGoDuration } from "./format-go-duration.js";

describe("formatGoDuration", () => {
  it.each([
    [0, "0s"],
    [250, "250ms"],
    [1500, "1.5s"],
    [300_000, "5m0s"],
    [3_600_000, "1h0m0s"],
    [5_430_000, "1h30m30s"],
  ])("formats %d ms as %s", (durationMs, expected) => {
    expect(formatGoDuration(durationMs)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { formatDurationMs } from "./format-duration-ms.js";
import { parseDurationMs } from "./parse-duration-ms.js";

describe("formatDurationMs", () => {
  it.each([
    [0, "0s"],
    [500, "500ms"],
    [5_000, "5s"],
    [90_250, "1m30s250ms"],
    [5_400_000, "1h30m"],
    [86_400_000, "1d"],
    [691_200_000, "8d"],
    [604_800_000, "1w"],
    [1_209_600_000, "2w"],
    [7_776_000_000, "90d"],
    [31_536_000_000, "1y"],
    [31_622_400_000, "366d"],
    [31_536_000_000 + 1000, "365d1s"],
  ])("formats %d ms as %s", (durationMs, expected) => {
    expect(formatDurationMs(durationMs)).toBe(expected);
  });

  it("round-trips through parseDurationMs", () => {
    for (const durationMs of [1, 999, 1_000, 61_001, 3_600_000, 123_456_789, 604_800_000, 31_536_000_000]) {
      expect(parseDurationMs(formatDurationMs(durationMs))).toBe(durationMs);
    }
  });
});

import { describe, expect, it } from "vitest";
import { parseDurationMs } from "./parse-duration-ms.js";

describe("parseDurationMs", () => {
  it.each([
    ["0", 0],
    ["500ms", 500],
    ["5s", 5_000],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1w", 604_800_000],
    ["1y", 31_536_000_000],
    ["1m30s250ms", 90_250],
    ["0s", 0],
    ["90s", 90_000],
  ])("parses %s to %d ms", (text, expectedMs) => {
    expect(parseDurationMs(text)).toBe(expectedMs);
  });

  it.each([
    "",
    "fast",
    "5",
    "1.5s",
    "-5s",
    " 5s",
    "5S",
    "30m1h",
    "5s5s",
    "1h 30m",
    "5sec",
    "99999999999999999999y",
  ])("rejects %j", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

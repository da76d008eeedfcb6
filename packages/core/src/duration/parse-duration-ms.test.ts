import { describe, expect, it } from "vitest";
import { MAX_DURATION_MS, parseDurationMs } from "./parse-duration-ms.js";

describe("parseDurationMs", () => {
  it.each([
    ["0", 0],
    ["500ms", 500],
    ["250ms", 250],
    ["5s", 5_000],
    ["15s", 15_000],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1w", 604_800_000],
    ["1y", 31_536_000_000],
    ["1m30s250ms", 90_250],
    ["0s", 0],
    ["90s", 90_000],
    [
      "1y2w3d4h5m6s7ms",
      31_536_000_000 + 2 * 604_800_000 + 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6000 + 7,
    ],
    ["9223372036854ms", MAX_DURATION_MS],
  ])("parses %s to %d ms", (text, expectedMs) => {
    expect(parseDurationMs(text)).toBe(expectedMs);
  });

  it.each([
    "",
    "fast",
    "soon",
    "5",
    "15",
    "0.5",
    "1.5s",
    "1.5m",
    "-5s",
    "-5m",
    " 5s",
    "5S",
    "5M",
    "30m1h",
    "5s5s",
    "1h1h",
    "1h 30m",
    "5 m",
    "5sec",
    "9223372036855ms",
    "99999999999999999999y",
  ])("rejects %j", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { formatGoTime } from "./format-go-time.js";

describe("formatGoTime", () => {
  it.each([
    [undefined, "0001-01-01T00:00:00Z"],
    [1_700_000_000_000, "2023-11-14T22:13:20Z"],
    [1_700_000_000_500, "2023-11-14T22:13:20.5Z"],
    [1_700_000_000_120, "2023-11-14T22:13:20.12Z"],
    [1_700_000_000_007, "2023-11-14T22:13:20.007Z"],
  ])("writes %s as %s", (ms, text) => {
    expect(formatGoTime(ms)).toBe(text);
  });
});

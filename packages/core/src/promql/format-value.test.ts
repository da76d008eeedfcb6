import { describe, expect, it } from "vitest";
import { formatValue } from "./format-value.js";

describe("formatValue", () => {
  it.each([
    [1, "1"],
    [0.1, "0.1"],
    [-2.5, "-2.5"],
    [1e21, "1000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [123456789012345680000, "123456789012345680000"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
    [Number.NaN, "NaN"],
    [1 / 3, "0.3333333333333333"],
  ])("formats %s as Go's FormatFloat(v, 'f', -1, 64)", (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

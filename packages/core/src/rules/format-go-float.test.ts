import { describe, expect, it } from "vitest";
import { formatGoFloat } from "./format-go-float.js";

describe("formatGoFloat", () => {
  it.each([
    [0, "v", -1, "0"],
    [0.5, "v", -1, "0.5"],
    [100, "v", -1, "100"],
    [123456, "v", -1, "123456"],
    [1_000_000, "v", -1, "1e+06"],
    [1_234_567, "v", -1, "1.234567e+06"],
    [0.0001, "v", -1, "0.0001"],
    [0.00001, "v", -1, "1e-05"],
    [-2.5, "v", -1, "-2.5"],
    [Number.NaN, "v", -1, "NaN"],
    [Number.POSITIVE_INFINITY, "g", 4, "+Inf"],
    [1.5, "g", 4, "1.5"],
    [1234.5, "g", 4, "1235"],
    [100_000, "g", 4, "1e+05"],
    [0.000012345, "g", 4, "1.234e-05"],
    [1.23456, "f", 2, "1.23"],
    [2, "f", -1, "2"],
    [1.5, "e", -1, "1.5e+00"],
    [1234, "e", 2, "1.23e+03"],
  ] as const)("formats %d with %%%s (precision %d) as %s", (value, verb, precision, expected) => {
    expect(formatGoFloat(value, verb, precision)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { formatGoExponent } from "./format-go-exponent.js";

describe("formatGoExponent", () => {
  it.each([
    [0, "0e+00"],
    [-0, "-0e+00"],
    [1, "1e+00"],
    [0.5, "5e-01"],
    [123.456, "1.23456e+02"],
    [-42, "-4.2e+01"],
    [1e21, "1e+21"],
    [1.5e-300, "1.5e-300"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
  ])("writes %d as %s", (value, text) => {
    expect(formatGoExponent(value)).toBe(text);
  });
});

import { describe, expect, it } from "vitest";
import { describeInput } from "./describe-input.js";

describe("describeInput", () => {
  it.each([
    ["fast", '"fast"'],
    [5, "5"],
    [true, "true"],
    [null, "null"],
    [undefined, "undefined"],
    [[1], "a list"],
    [{ a: 1 }, "a mapping"],
  ])("describes %j as %s", (input, expected) => {
    expect(describeInput(input)).toBe(expected);
  });
});

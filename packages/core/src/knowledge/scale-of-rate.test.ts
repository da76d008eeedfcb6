import { describe, expect, it } from "vitest";
import { scaleOfRate } from "./scale-of-rate.js";

describe("scaleOfRate", () => {
  const bands = { mediumFrom: 5, largeFrom: 50 };

  it.each([
    [0, "small"],
    [4.99, "small"],
    [5, "medium"],
    [49.9, "medium"],
    [50, "large"],
    [1e6, "large"],
  ] as const)("%f requests per second is %s", (rate, scale) => {
    expect(scaleOfRate(rate, bands)).toBe(scale);
  });
});

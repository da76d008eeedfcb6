import { describe, expect, it } from "vitest";
import { computeVisibleWindow } from "./visible-window.js";

describe("computeVisibleWindow", () => {
  it.each([
    { length: 5, focus: 4, size: 10, window: { start: 0, end: 5 } },
    { length: 100, focus: 0, size: 10, window: { start: 0, end: 10 } },
    { length: 100, focus: 50, size: 10, window: { start: 45, end: 55 } },
    { length: 100, focus: 99, size: 10, window: { start: 90, end: 100 } },
  ])("$length rows, focus $focus, size $size → $window", ({ length, focus, size, window }) => {
    expect(computeVisibleWindow(length, focus, size)).toEqual(window);
  });
});

import { describe, expect, it } from "vitest";
import { compareLabels, type Labels, labelsOrderKey, sortByLabels } from "./labels.js";

const TRICKY: Labels[] = [
  {},
  { a: "" },
  { a: "x" },
  { a: "x", b: "y" },
  { a: "x\0" },
  { a: "x\0b" },
  { a: "x\x01" },
  { a: "x\x01\x02" },
  { a: "x\x02" },
  { a: "xa" },
  { a: "x", ab: "y" },
  { ab: "x" },
  { "a\0": "x" },
  { "a\x01": "x" },
  { a: "é" },
  { a: "\u{1F600}" },
  { a: "\uFFFF" },
  { __name__: "up", job: "api" },
  { __name__: "up", instance: "h:1", job: "api" },
];

describe("labelsOrderKey", () => {
  it("orders every pair of label sets as compareLabels does", () => {
    for (const a of TRICKY) {
      for (const b of TRICKY) {
        const byKey = Math.sign(
          labelsOrderKey(a) < labelsOrderKey(b) ? -1 : labelsOrderKey(a) > labelsOrderKey(b) ? 1 : 0,
        );
        expect([a, b, byKey]).toEqual([a, b, Math.sign(compareLabels(a, b))]);
      }
    }
  });

  it("ignores the order the names were set in", () => {
    expect(labelsOrderKey({ b: "1", a: "2" })).toBe(labelsOrderKey({ a: "2", b: "1" }));
  });
});

describe("sortByLabels", () => {
  it("sorts as compareLabels does", () => {
    const shuffled = [...TRICKY].reverse().map((labels, i) => ({ labels, i }));
    expect(sortByLabels(shuffled, (s) => s.labels).map((s) => s.labels)).toEqual(
      [...TRICKY].sort(compareLabels),
    );
  });
});

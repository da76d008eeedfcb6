import { describe, expect, it } from "vitest";
import { expandValues } from "./expand-values.js";
import { parseTestScript } from "./parse-test-script.js";

describe("promqltest script parsing", () => {
  it("expands the series notation", () => {
    expect(expandValues("1+2x2 _ stale 5x1 _x2 0x3")).toEqual([
      { kind: "value", value: 1 },
      { kind: "value", value: 3 },
      { kind: "value", value: 5 },
      { kind: "omitted" },
      { kind: "stale" },
      { kind: "value", value: 5 },
      { kind: "value", value: 5 },
      { kind: "omitted" },
      { kind: "omitted" },
      ...Array.from({ length: 4 }, () => ({ kind: "value", value: 0 })),
    ]);
    expect(expandValues("10-1x2")).toEqual([10, 9, 8].map((value) => ({ kind: "value", value })));
  });

  it("reads load, eval and expect lines", () => {
    const commands = parseTestScript(`
load 5m
  up{job="a"} 1 2

eval range from 0 to 10m step 5m up
  expect warn
  up{job="a"} 1 2 _

eval_fail instant at 1m nope(
`);
    expect(commands).toMatchObject([
      { type: "load", stepMs: 300_000, series: [{ labels: { __name__: "up", job: "a" } }] },
      {
        type: "eval",
        expr: "up",
        range: { startMs: 0, endMs: 600_000, stepMs: 300_000 },
        expect: { warn: "some", series: [{ labels: { __name__: "up", job: "a" } }] },
      },
      { type: "eval", instantAtMs: 60_000, expect: { fail: {} } },
    ]);
  });
});

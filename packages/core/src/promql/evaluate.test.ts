import { describe, expect, it } from "vitest";
import { evaluateInstant, evaluateRange } from "./evaluate.js";
import { MemorySeriesStore } from "./memory-series-store.js";

const MIN = 60_000;

function storeWith(): MemorySeriesStore {
  const store = new MemorySeriesStore();
  store.append({ __name__: "up", job: "api" }, [
    { timestampMs: 0, value: 1 },
    { timestampMs: MIN, value: 2 },
    { timestampMs: 2 * MIN, value: 3 },
    { timestampMs: 3 * MIN, value: 0, isStale: true },
  ]);
  store.append({ __name__: "up", job: "db" }, [{ timestampMs: 0, value: 7 }]);
  return store;
}

describe("evaluateInstant", () => {
  const store = storeWith();

  it("looks back up to 5 minutes (exclusive) for the latest sample", () => {
    const at = (ms: number) => evaluateInstant('up{job="db"}', ms, store);
    expect(at(4 * MIN)).toMatchObject({ ok: true, value: { value: { result: [{ value: 7 }] } } });
    expect(at(5 * MIN)).toMatchObject({ ok: true, value: { value: { result: [] } } });
  });

  it("hides a series from its staleness marker on", () => {
    const result = evaluateInstant('up{job="api"}', 3 * MIN + 1, store);
    expect(result).toMatchObject({ ok: true, value: { value: { resultType: "vector", result: [] } } });
  });

  it("applies offset and @ to selectors", () => {
    const offset = evaluateInstant('up{job="api"} offset 1m', 2 * MIN, store);
    expect(offset.ok && offset.value.value).toEqual({
      resultType: "vector",
      result: [{ metric: { __name__: "up", job: "api" }, timestampMs: 2 * MIN, value: 2 }],
    });
    const at = evaluateInstant('up{job="api"} @ 0', 2 * MIN, store);
    expect(at.ok && at.value.value).toMatchObject({ result: [{ value: 1 }] });
  });

  it("returns a matrix for range selectors and subqueries", () => {
    const result = evaluateInstant('up{job="api"}[2m:1m]', 2 * MIN, store);
    expect(result.ok && result.value.value).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: { __name__: "up", job: "api" },
          points: [
            { timestampMs: MIN, value: 2 },
            { timestampMs: 2 * MIN, value: 3 },
          ],
        },
      ],
    });
  });

  it("filters a selector by a number as it filters any vector by a scalar", () => {
    const values = new MemorySeriesStore();
    [1, 5, Number.NaN, 9].forEach((value, i) => {
      values.append({ __name__: "load", host: `h${i}` }, [{ timestampMs: 0, value }]);
    });
    values.append({ __name__: "load", host: "stale" }, [
      { timestampMs: 0, value: 9 },
      { timestampMs: MIN, value: 0, isStale: true },
    ]);
    values.append({ __name__: "load", host: "old" }, [{ timestampMs: -6 * MIN, value: 9 }]);
    const hosts = (query: string) => {
      const result = evaluateInstant(query, 2 * MIN, values);
      return result.ok && result.value.value.resultType === "vector"
        ? result.value.value.result.map((s) => [s.metric.host, s.value])
        : result;
    };
    expect(hosts("load > 4")).toEqual([
      ["h1", 5],
      ["h3", 9],
    ]);
    // A parenthesized number is not a literal: these take the general path.
    for (const [fused, general] of [
      ["load > 4", "load > (4)"],
      ["load <= 5", "load <= (5)"],
      ["load != 9", "load != (9)"],
      ["4 < load", "(4) < load"],
      ["5 == load", "(5) == load"],
      ["load > bool 4", "load > bool (4)"],
    ]) {
      expect(hosts(fused!)).toEqual(hosts(general!));
    }
  });

  it("returns scalars and strings", () => {
    expect(evaluateInstant("1 + 2", 0, store)).toMatchObject({
      ok: true,
      value: { value: { resultType: "scalar", result: { value: 3 } } },
    });
    expect(evaluateInstant('"hi"', 0, store)).toMatchObject({
      ok: true,
      value: { value: { resultType: "string", result: { value: "hi" } } },
    });
  });

  it("returns parse and execution errors as values", () => {
    expect(evaluateInstant("sum(", 0, store)).toMatchObject({ ok: false, error: { code: "parse" } });
    expect(evaluateInstant("-up", 0, store)).toMatchObject({ ok: true });
    expect(evaluateInstant("up * on() group_left up", 0, store)).toMatchObject({
      ok: false,
      error: { code: "execution" },
    });
  });

  it("reports unsupported features with code unsupported", () => {
    expect(evaluateInstant("histogram_count(up)", 0, store)).toMatchObject({
      ok: false,
      error: { code: "unsupported" },
    });
  });

  it("annotates rate over a metric not named like a counter", () => {
    const result = evaluateInstant("rate(up[5m])", 2 * MIN, store);
    expect(result.ok && result.value.annotations.infos).toEqual([
      'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "up" (1:6)',
    ]);
  });
});

describe("evaluateRange", () => {
  const store = storeWith();

  it("evaluates every step and returns a matrix sorted by labels", () => {
    const result = evaluateRange("up", 0, 2 * MIN, MIN, store);
    expect(result.ok && result.value.value).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: { __name__: "up", job: "api" },
          points: [1, 2, 3].map((value, i) => ({ timestampMs: i * MIN, value })),
        },
        {
          metric: { __name__: "up", job: "db" },
          points: [7, 7, 7].map((value, i) => ({ timestampMs: i * MIN, value })),
        },
      ],
    });
  });

  it("turns scalars into a label-less series and resolves start()/end()", () => {
    const result = evaluateRange("time() - start() + end()", 0, MIN, MIN, store);
    expect(result.ok && result.value.value).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: {},
          points: [
            { timestampMs: 0, value: 60 },
            { timestampMs: MIN, value: 120 },
          ],
        },
      ],
    });
  });

  it("refuses more than 11,000 steps", () => {
    expect(evaluateRange("up", 0, 11_001 * MIN, MIN, store)).toMatchObject({
      ok: false,
      error: { code: "execution" },
    });
    expect(evaluateRange("up", 0, 100 * MIN, 0, store)).toMatchObject({
      ok: false,
      error: { code: "execution" },
    });
  });

  it("rejects range-vector expressions", () => {
    expect(evaluateRange("up[5m]", 0, MIN, MIN, store)).toMatchObject({ ok: false, error: { code: "type" } });
  });
});

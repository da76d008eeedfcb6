import { describe, expect, it } from "vitest";
import { ChunkedSeriesStore } from "../tsdb/chunked-series-store.js";
import type { Expr } from "./ast.js";
import { runTestScript } from "./conformance/run-test-script.js";
import { evaluateInstant } from "./evaluate.js";
import { formatLabelSet } from "./labels.js";
import { parsePromql } from "./parse.js";

const DATA = `
load 1m
  req{job="a", instance="1"} 1
  req{job="a", instance="2"} 3
  req{job="b", instance="1"} 10
  req{job="b", instance="2"} NaN
`;

describe("aggregations", () => {
  it("groups with by and without", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 sum by (job) (req)
  {job="a"} 4
  {job="b"} NaN

eval instant at 0 sum without (instance) (req{job="a"})
  {job="a"} 4

eval instant at 0 avg(req{job="a"})
  {} 2

eval instant at 0 count(req)
  {} 4

eval instant at 0 group by (job) (req)
  {job="a"} 1
  {job="b"} 1

eval instant at 0 stddev(req{job="a"})
  {} 1

eval instant at 0 stdvar(req{job="a"})
  {} 1
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
    expect(report.passed).toBe(7);
  });

  it("ignores NaN in min and max unless all are NaN", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 max by (job) (req)
  {job="a"} 3
  {job="b"} 10

eval instant at 0 min(req{job="b", instance="2"})
  {} NaN
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("selects series with topk, bottomk, limitk and keeps their labels", () => {
    const report = runTestScript(`${DATA}
eval_ordered instant at 0 topk(2, req)
  req{job="b", instance="1"} 10
  req{job="a", instance="2"} 3

eval_ordered instant at 0 bottomk by (job) (1, req)
  req{job="a", instance="1"} 1
  req{job="b", instance="1"} 10

eval instant at 0 limitk(1, req{job="a"})
  req{job="a", instance="1"} 1

eval instant at 0 topk(0, req)
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
    expect(report.passed).toBe(4);
  });

  it("computes quantile and count_values", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 quantile(0.5, req{job="a"})
  {} 2

eval instant at 0 count_values("value", req{job="a"})
  {value="1"} 1
  {value="3"} 1

eval instant at 0 quantile(2, req)
  expect warn
  {} +Inf
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("fails on a NaN k", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 topk(NaN, req)
  expect fail msg: Parameter value is NaN
`);
    expect(report.passed).toBe(1);
  });
});

describe("aggregations over a selector of a store that keeps its selections", () => {
  const MIN = 60_000;
  const parse = (query: string) => {
    const parsed = parsePromql(query);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return parsed.value.expr;
  };
  const valuesAt = (query: Expr, timeMs: number, store: ChunkedSeriesStore) => {
    const result = evaluateInstant(query, timeMs, store);
    if (!result.ok || result.value.value.resultType !== "vector") throw new Error(JSON.stringify(result));
    return result.value.value.result.map((s) => [formatLabelSet(s.metric), s.value]);
  };
  const storeAt = (timeMs: number) => {
    const store = new ChunkedSeriesStore();
    [1, 2, 3, 4, 10, 20].forEach((value, i) => {
      const labels = { __name__: "req", job: i < 4 ? "a" : "b", instance: `${i}` };
      store.append(labels, [{ timestampMs: timeMs, value }]);
    });
    return store;
  };

  it.each(["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "quantile(0.9,"])(
    "%s gives what it gives over any vector",
    (op) => {
      const store = storeAt(0);
      const call = op.endsWith(",") ? op : `${op}(`;
      for (const grouping of ["", " by (job)", " without (instance)"]) {
        const [name, param] = call.split("(");
        const head = `${name}${grouping}(${param}`;
        // A parenthesized selector is not read from the store's arrays directly.
        expect(valuesAt(parse(`${head}req)`), MIN, store)).toEqual(
          valuesAt(parse(`${head}(req))`), MIN, store),
        );
      }
    },
  );

  it("groups series anew once a series came or went", () => {
    const store = storeAt(0);
    const query = parse("sum by (job) (req)");
    expect(valuesAt(query, MIN, store)).toEqual([
      ['{job="a"}', 10],
      ['{job="b"}', 30],
    ]);
    store.append({ __name__: "req", job: "c", instance: "9" }, [{ timestampMs: MIN, value: 5 }]);
    expect(valuesAt(query, 2 * MIN, store)).toEqual([
      ['{job="a"}', 10],
      ['{job="b"}', 30],
      ['{job="c"}', 5],
    ]);
    expect(store.truncateBefore(MIN)).toBe(6);
    expect(valuesAt(query, 2 * MIN, store)).toEqual([['{job="c"}', 5]]);
  });

  it("leaves out series whose newest sample is a staleness marker or older than the lookback", () => {
    const store = storeAt(0);
    const query = parse("sum by (job) (req)");
    expect(valuesAt(query, MIN, store)).toEqual([
      ['{job="a"}', 10],
      ['{job="b"}', 30],
    ]);
    store.append({ __name__: "req", job: "b", instance: "4" }, [
      { timestampMs: MIN, value: 0, isStale: true },
    ]);
    expect(valuesAt(query, 2 * MIN, store)).toEqual([
      ['{job="a"}', 10],
      ['{job="b"}', 20],
    ]);
    expect(valuesAt(query, 6 * MIN, store)).toEqual([]);
  });
});

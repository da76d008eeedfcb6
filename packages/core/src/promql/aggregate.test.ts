import { describe, expect, it } from "vitest";
import { runTestScript } from "./conformance/run-test-script.js";

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

import { describe, expect, it } from "vitest";
import { runTestScript } from "./conformance/run-test-script.js";

// Scripts in the promqltest format; expected values worked out by hand.
const COUNTER = `
load 1m
  requests_total 0+60x10
  gauge 1 2 0 1 0
  flappy 1 1 2 2 3
`;

describe("rate family", () => {
  it("extrapolates rate/increase/delta to the window edges", () => {
    const report = runTestScript(`${COUNTER}
eval instant at 10m rate(requests_total[5m])
  {} 1

eval instant at 10m increase(requests_total[5m])
  {} 300

eval instant at 10m delta(requests_total[5m])
  {} 300

eval instant at 10m irate(requests_total[5m])
  {} 1

eval instant at 10m idelta(requests_total[5m])
  {} 60
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
    expect(report.passed).toBe(5);
  });

  it("treats decreases as counter resets", () => {
    const report = runTestScript(`${COUNTER}
eval instant at 4m resets(gauge[10m])
  {} 2

eval instant at 4m changes(flappy[10m])
  {} 2

eval instant at 4m increase(gauge[4m] @ 4m)
  {} 1.3333333333333333
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("fits a line for deriv and predict_linear", () => {
    const report = runTestScript(`${COUNTER}
eval instant at 10m deriv(requests_total[5m])
  {} 1

eval instant at 10m predict_linear(requests_total[5m], 60)
  {} 660
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });
});

describe("*_over_time", () => {
  it("aggregates each series over its window", () => {
    const report = runTestScript(`
load 1m
  x 1 2 3 4

eval instant at 3m avg_over_time(x[5m])
  {} 2.5

eval instant at 3m sum_over_time(x[5m])
  {} 10

eval instant at 3m count_over_time(x[5m])
  {} 4

eval instant at 3m min_over_time(x[5m])
  {} 1

eval instant at 3m max_over_time(x[5m])
  {} 4

eval instant at 3m last_over_time(x[5m])
  x 4

eval instant at 3m first_over_time(x[5m])
  x 1

eval instant at 3m stdvar_over_time(x[5m])
  {} 1.25

eval instant at 3m stddev_over_time(x[5m])
  {} 1.118033988749895

eval instant at 3m quantile_over_time(0.5, x[5m])
  {} 2.5

eval instant at 3m mad_over_time(x[5m])
  {} 1

eval instant at 3m present_over_time(x[5m])
  {} 1

eval instant at 3m absent_over_time(x[5m])

eval instant at 3m absent_over_time(nope{job="a"}[5m])
  {job="a"} 1

eval instant at 3m ts_of_max_over_time(x[5m])
  {} 180
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
    expect(report.passed).toBe(15);
  });

  it("excludes the sample exactly at the window start (left-open ranges)", () => {
    const report = runTestScript(`
load 1m
  x 1 2 3 4

eval instant at 3m count_over_time(x[2m])
  {} 2
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });
});

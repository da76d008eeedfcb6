import { describe, expect, it } from "vitest";
import { runTestScript } from "./conformance/run-test-script.js";

describe("instant-vector functions", () => {
  it("maps values with math and clamp functions", () => {
    const report = runTestScript(`
load 1m
  v{k="neg"} -2.5
  v{k="pos"} 9

eval instant at 0 abs(v)
  {k="neg"} 2.5
  {k="pos"} 9

eval instant at 0 sqrt(v{k="pos"})
  {k="pos"} 3

eval instant at 0 clamp(v, -1, 5)
  {k="neg"} -1
  {k="pos"} 5

eval instant at 0 clamp(v, 5, -1)

eval instant at 0 round(v, 2)
  {k="neg"} -2
  {k="pos"} 10

eval instant at 0 ceil(v)
  {k="neg"} -2
  {k="pos"} 9

eval instant at 0 sgn(v)
  {k="neg"} -1
  {k="pos"} 1
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
    expect(report.passed).toBe(7);
  });

  it("reads dates in UTC from values or from time()", () => {
    const report = runTestScript(`
load 1m
  t 1709251200

eval instant at 0 year(t)
  {} 2024

eval instant at 0 month(t)
  {} 3

eval instant at 0 days_in_month(t - 86400)
  {} 29

eval instant at 0 day_of_week(t)
  {} 5

eval instant at 1h hour()
  {} 1

eval instant at 90s timestamp(t)
  {} 0
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("rewrites labels with label_replace and label_join", () => {
    const report = runTestScript(`
load 1m
  up{instance="host:9100", job="node"} 1

eval instant at 0 label_replace(up, "host", "$1", "instance", "(.*):.*")
  up{instance="host:9100", job="node", host="host"} 1

eval instant at 0 label_replace(up, "host", "$1", "instance", "nomatch")
  up{instance="host:9100", job="node"} 1

eval instant at 0 label_join(up, "both", "/", "job", "instance")
  up{instance="host:9100", job="node", both="node/host:9100"} 1
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("sorts by value and by label in natural order", () => {
    const report = runTestScript(`
load 1m
  s{n="10"} 1
  s{n="9"} 3
  s{n="x"} NaN

eval_ordered instant at 0 sort_desc(s)
  s{n="9"} 3
  s{n="10"} 1
  s{n="x"} NaN

eval_ordered instant at 0 sort_by_label(s, "n")
  s{n="9"} 3
  s{n="10"} 1
  s{n="x"} NaN
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("interpolates histogram_quantile within classic buckets", () => {
    const report = runTestScript(`
load 1m
  lat_bucket{le="0.1"} 10
  lat_bucket{le="0.5"} 30
  lat_bucket{le="+Inf"} 40

eval instant at 0 histogram_quantile(0.5, lat_bucket)
  {} 0.3

eval instant at 0 histogram_quantile(0.9, lat_bucket)
  {} 0.5

eval instant at 0 histogram_quantile(0.05, lat_bucket)
  {} 0.02
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("reports absent series with their equality labels", () => {
    const report = runTestScript(`
load 1m
  up 1

eval instant at 0 absent(up)

eval instant at 0 absent(nope{job="x", env=~"p.*"})
  {job="x"} 1

eval instant at 0 vector(scalar(up) + 1)
  {} 2
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });
});

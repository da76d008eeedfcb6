import { describe, expect, it } from "vitest";
import { runTestScript } from "./conformance/run-test-script.js";

const DATA = `
load 1m
  cpu{host="a", mode="user"} 2
  cpu{host="a", mode="idle"} 6
  cpu{host="b", mode="user"} 4
  cores{host="a"} 2
  cores{host="b"} 4
  info{host="a", dc="x"} 1
`;

describe("binary operators", () => {
  it("does scalar and vector arithmetic, dropping the metric name", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 2 ^ 3 * 2
  16

eval instant at 0 cores * 2
  {host="a"} 4
  {host="b"} 8

eval instant at 0 cores % 3
  {host="a"} 2
  {host="b"} 1

eval instant at 0 cores / on(host) cores
  {host="a"} 1
  {host="b"} 1
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("filters with comparisons unless bool is given", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 cores > 3
  cores{host="b"} 4

eval instant at 0 cores > bool 3
  {host="a"} 0
  {host="b"} 1

eval instant at 0 1 < bool 2
  1
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("matches many-to-one with group_left and copies included labels", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 cpu / on(host) group_left cores
  {host="a", mode="user"} 1
  {host="a", mode="idle"} 3
  {host="b", mode="user"} 1

eval instant at 0 cores * on(host) group_left(dc) info
  {host="a", dc="x"} 2

eval instant at 0 cpu / on(host) cores
  expect fail
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });

  it("applies set operators on label signatures", () => {
    const report = runTestScript(`${DATA}
eval instant at 0 cores and on(host) cpu{mode="idle"}
  cores{host="a"} 2

eval instant at 0 cores unless on(host) cpu{mode="idle"}
  cores{host="b"} 4

eval instant at 0 cores or info
  cores{host="a"} 2
  cores{host="b"} 4
  info{host="a", dc="x"} 1
`);
    expect(report.outcomes.filter((o) => o.status !== "passed")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { parsePromql } from "./parse.js";

describe("parsePromql", () => {
  it("builds selectors with the metric name as a matcher", () => {
    const parsed = parsePromql('http_requests_total{job=~"api.*", code!="500"}');
    expect(parsed.ok && parsed.value.expr).toMatchObject({
      type: "VectorSelector",
      matchers: [
        { name: "__name__", type: "=", value: "http_requests_total" },
        { name: "job", type: "=~", value: "api.*" },
        { name: "code", type: "!=", value: "500" },
      ],
    });
  });

  it("reports the result type", () => {
    const types = ["rate(x[5m])", "x[5m]", "1 + 2", '"s"', "x[5m:1m]"].map((q) => {
      const parsed = parsePromql(q);
      return parsed.ok ? parsed.value.type : parsed.error.code;
    });
    expect(types).toEqual(["vector", "matrix", "scalar", "string", "matrix"]);
  });

  it("binds offset and @ to the nearest selector like Prometheus", () => {
    const parsed = parsePromql("a offset 1m + b offset 5m @ 100");
    expect(parsed.ok && parsed.value.expr).toMatchObject({
      type: "Binary",
      lhs: { type: "VectorSelector", offset: { kind: "literal", ms: 60_000 } },
      rhs: {
        type: "VectorSelector",
        offset: { kind: "literal", ms: 300_000 },
        at: { kind: "time", timeMs: 100_000 },
      },
    });
  });

  it("reads durations that combine units", () => {
    const parsed = parsePromql("x[1h30m] offset 1m30s");
    expect(parsed.ok && parsed.value.expr).toMatchObject({
      type: "MatrixSelector",
      range: { kind: "literal", ms: 5_400_000 },
      selector: { offset: { kind: "literal", ms: 90_000 } },
    });
  });

  it("returns syntax errors with their position", () => {
    const parsed = parsePromql("sum(rate(x[5m])");
    expect(parsed).toMatchObject({ ok: false, error: { code: "parse", position: 15 } });
  });

  it.each([
    ["rate(x)", 'expected type range vector in call to function "rate", got instant vector'],
    ["1 > 2", "comparisons between scalars must use BOOL modifier"],
    ["x and 1", 'set operator "and" not allowed in binary scalar expression'],
    ["sum(x[5m])", "expected type instant vector in aggregation expression, got range vector"],
    ['{job=""}', "vector selector must contain at least one non-empty matcher"],
  ])("rejects %s", (query, message) => {
    const parsed = parsePromql(query);
    expect(parsed.ok ? "parsed" : parsed.error.message).toBe(message);
  });

  it("reports native-histogram and info functions as unsupported, not as errors", () => {
    const parsed = parsePromql("info(up)");
    expect(parsed.ok).toBe(true);
    const smoothed = parsePromql("rate(x[5m] smoothed)");
    expect(smoothed.ok ? "parsed" : smoothed.error.code).toBe("unsupported");
  });
});

import { describe, expect, it } from "vitest";
import { parseExposition } from "./parse-exposition.js";

describe("parseExposition", () => {
  it("reads OpenMetrics with second timestamps, grouping samples per series", () => {
    const text = `# HELP http_requests_total Requests.
# TYPE http_requests_total counter
http_requests_total{code="200",path="/a \\"q\\""} 10 1700000000
http_requests_total{code="200",path="/a \\"q\\""} 12 1700000015.5
up 1 1700000000 # {trace_id="x"} 1
# EOF
`;
    const parsed = parseExposition(text);
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          labels: { __name__: "http_requests_total", code: "200", path: '/a "q"' },
          samples: [
            { timestampMs: 1_700_000_000_000, value: 10 },
            { timestampMs: 1_700_000_015_500, value: 12 },
          ],
        },
        { labels: { __name__: "up" }, samples: [{ timestampMs: 1_700_000_000_000, value: 1 }] },
      ],
    });
  });

  it("reads the Prometheus text format with millisecond timestamps and special values", () => {
    const parsed = parseExposition('temp{room="a"} +Inf 1500\ntemp{room="a"} NaN 2500\n');
    expect(parsed.ok && parsed.value[0]?.samples.map((s) => s.timestampMs)).toEqual([1500, 2500]);
    expect(parsed.ok && parsed.value[0]?.samples[0]?.value).toBe(Number.POSITIVE_INFINITY);
  });

  it("fills missing timestamps only when a default is given", () => {
    expect(parseExposition("up 1\n")).toEqual({
      ok: false,
      error: { code: "parse", line: 1, message: "sample has no timestamp" },
    });
    expect(parseExposition("up 1\n", { defaultTimestampMs: 5 })).toMatchObject({
      ok: true,
      value: [{ samples: [{ timestampMs: 5, value: 1 }] }],
    });
  });

  it("reports the line of malformed input", () => {
    expect(parseExposition("up 1 1\nup{a=b} 1 2\n")).toMatchObject({ ok: false, error: { line: 2 } });
    expect(parseExposition("up 1 1\n# EOF\nup 2 2\n")).toMatchObject({
      ok: false,
      error: { line: 3, message: "content after # EOF" },
    });
  });

  it("groups spellings of one series and reads quoted UTF-8 names", () => {
    const text = [
      'a{x="1",y="2"} 1 1000',
      'a{y="2", x="1",} 2 2000',
      'a{x="1",y="2",z=""} 3 3000',
      '{"my.metric","lábel"="ü"} 4 4000',
    ].join("\n");
    expect(parseExposition(text)).toEqual({
      ok: true,
      value: [
        {
          labels: { __name__: "a", x: "1", y: "2" },
          samples: [
            { timestampMs: 1000, value: 1 },
            { timestampMs: 2000, value: 2 },
            { timestampMs: 3000, value: 3 },
          ],
        },
        { labels: { __name__: "my.metric", lábel: "ü" }, samples: [{ timestampMs: 4000, value: 4 }] },
      ],
    });
  });
});

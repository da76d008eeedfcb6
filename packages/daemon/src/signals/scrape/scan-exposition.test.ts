import { describe, expect, it } from "vitest";
import {
  type ExpositionFormat,
  ExpositionScanner,
  parseFloatToken,
  type SampleSink,
  scanExposition,
} from "./scan-exposition.js";

type Scanned = [series: string, value: number, timestampMs: number | undefined];

const textOf = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.subarray(start, end)).toString("utf8");

function recorder() {
  const samples: Scanned[] = [];
  const onSample: SampleSink["sample"] = (bytes, start, end, value, timestampMs) => {
    samples.push([textOf(bytes, start, end), value, timestampMs]);
    return true;
  };
  return { samples, onSample };
}

function scan(text: string, format: ExpositionFormat = "text") {
  const { samples, onSample } = recorder();
  const result = scanExposition(Buffer.from(text), format, onSample);
  return { result, samples };
}

/** Streams `text` in chunks of `size` bytes, as fetch hands a body over. */
function scanInChunks(text: string, size: number, format: ExpositionFormat = "text") {
  const { samples, onSample } = recorder();
  const scanner = new ExpositionScanner(format, { knownSeriesEnd: () => -1, sample: onSample });
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) {
    if (!scanner.write(bytes.subarray(at, at + size))) break;
  }
  return { result: scanner.end(), samples };
}

describe("scanExposition, text format 0.0.4", () => {
  it("hands over each sample line's series text, value and millisecond timestamp", () => {
    const { result, samples } = scan(
      [
        "# HELP http_requests_total The total number of HTTP requests.",
        "# TYPE http_requests_total counter",
        'http_requests_total{method="post",code="200"} 1027 1395066363000',
        'http_requests_total{method="post",code="400"}    3 1395066363000',
        "",
        "  # a free comment",
        "metric_without_timestamp_and_labels 12.47",
        'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
        'weird{a="}",b=" 1 "}\t-Inf\r',
      ].join("\n"),
    );
    expect(result).toEqual({ ok: true, value: 5 });
    expect(samples).toEqual([
      ['http_requests_total{method="post",code="200"}', 1027, 1395066363000],
      ['http_requests_total{method="post",code="400"}', 3, 1395066363000],
      ["metric_without_timestamp_and_labels", 12.47, undefined],
      [
        'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""}',
        1.458255915e9,
        undefined,
      ],
      ['weird{a="}",b=" 1 "}', Number.NEGATIVE_INFINITY, undefined],
    ]);
  });

  it("yields histogram and summary parts as plain series", () => {
    const { samples } = scan(
      [
        "# TYPE rpc histogram",
        'rpc_bucket{le="0.05"} 24054',
        'rpc_bucket{le="+Inf"} 144320',
        "rpc_sum 53423",
        "rpc_count 144320",
        "# TYPE lat summary",
        'lat{quantile="0.5"} NaN',
      ].join("\n"),
    );
    expect(samples.map(([series]) => series)).toEqual([
      'rpc_bucket{le="0.05"}',
      'rpc_bucket{le="+Inf"}',
      "rpc_sum",
      "rpc_count",
      'lat{quantile="0.5"}',
    ]);
    expect(samples[4]![1]).toBeNaN();
  });

  it.each([
    ["a value that is not a number", "up one", 'line 1: invalid value "one"'],
    ["a fractional millisecond timestamp", "up 1 1.5", 'line 1: invalid timestamp "1.5"'],
    ["an unterminated label set", 'up{job="a" 1', "line 1: unterminated label set"],
    ["a missing value", "up", "line 1: expected a space after up"],
    ["trailing garbage", "x 1\nup 1 2 3", 'line 2: unexpected "3" after the value'],
    ["a line without a name", "= 1", "line 1: expected a metric name"],
  ])("reports %s with its line", (_, text, message) => {
    const { result } = scan(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`line ${result.error.line}: ${result.error.message}`).toContain(message);
  });

  it("stops when the sink says so", () => {
    const seen: string[] = [];
    const result = scanExposition(Buffer.from("a 1\nb 2\nc 3\n"), "text", (bytes, start, end) => {
      return seen.push(textOf(bytes, start, end)) < 2;
    });
    expect(result).toEqual({ ok: true, value: 2 });
    expect(seen).toEqual(["a", "b"]);
  });

  it("fails at the line whose sample the sink refuses, with the sink's reason", () => {
    const result = scanExposition(Buffer.from("a 1\nb 2\nc 3\n"), "text", (bytes, start, end) =>
      textOf(bytes, start, end) === "b" ? "b is not welcome" : true,
    );
    expect(result).toEqual({ ok: false, error: { code: "parse", line: 2, message: "b is not welcome" } });
  });
});

describe("ExpositionScanner on a streamed body", () => {
  const text = [
    "# TYPE http_requests_total counter",
    'http_requests_total{method="post",code="200"} 1027 1395066363000',
    'weird{a="}",b=" 1 ",c="ünïcødé"}\t-Inf\r',
    "",
    "metric_without_timestamp_and_labels 12.47",
    "last_line_without_newline 3",
  ].join("\n");

  it.each([1, 2, 3, 7, 16, 64, 1024])("reads the same samples from chunks of %i bytes", (size) => {
    expect(scanInChunks(text, size)).toEqual(scan(text));
  });

  it("counts lines across chunks for errors", () => {
    const broken = `${text}\nok 1\nbad{a="1" 2\n`;
    expect(scanInChunks(broken, 5).result).toEqual({
      ok: false,
      error: { code: "parse", line: 8, message: "unterminated label set" },
    });
  });

  it("finds # EOF split across chunks", () => {
    expect(scanInChunks("a 1\n# EOF\n", 6, "openmetrics").result).toEqual({ ok: true, value: 1 });
    expect(scanInChunks("a 1\n# EOF", 1, "openmetrics").result).toEqual({ ok: true, value: 1 });
  });
});

describe("scanExposition, OpenMetrics 1.0", () => {
  it("reads second timestamps into milliseconds, ignores exemplars and UNIT, requires # EOF", () => {
    const { result, samples } = scan(
      [
        "# TYPE acme_http_router_request_seconds summary",
        "# UNIT acme_http_router_request_seconds seconds",
        "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.",
        'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32 1520879607.789',
        "# TYPE foo counter",
        'foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
        "foo_created 1520430000.123",
        "# EOF",
        "",
      ].join("\n"),
      "openmetrics",
    );
    expect(result).toEqual({ ok: true, value: 3 });
    expect(samples).toEqual([
      ['acme_http_router_request_seconds_sum{path="/api/v1",method="GET"}', 9036.32, 1520879607789],
      ["foo_total", 17, 1520879607789],
      ["foo_created", 1520430000.123, undefined],
    ]);
  });

  it("refuses data without # EOF and content after it", () => {
    const missing = scan("a 1\n", "openmetrics").result;
    expect(missing.ok === false && missing.error.message).toBe("OpenMetrics data does not end with # EOF");
    const after = scan("a 1\n# EOF\nb 2\n", "openmetrics").result;
    expect(after).toEqual({ ok: false, error: { code: "parse", line: 3, message: "content after # EOF" } });
  });
});

describe("parseFloatToken", () => {
  it.each([
    "0",
    "-0.5",
    "+3",
    "1027",
    "12.47",
    "1.458255915e9",
    "1e-7",
    "6.02214076e23",
    "123456789012345678901234567890",
    "0.1",
    "2.5E+3",
    ".5",
    "5.",
    "4.9e-324",
    "1.7976931348623157e308",
  ])("reads %s exactly as Number() does", (token) => {
    expect(parseFloatToken(Buffer.from(token), 0, token.length)).toBe(Number(token));
  });

  it.each([
    ["NaN", Number.NaN],
    ["nan", Number.NaN],
    ["+Inf", Number.POSITIVE_INFINITY],
    ["Inf", Number.POSITIVE_INFINITY],
    ["-Inf", Number.NEGATIVE_INFINITY],
  ])("reads the special value %s", (token, value) => {
    expect(parseFloatToken(Buffer.from(token), 0, token.length)).toBe(value);
  });

  it.each(["", "-", ".", "0x10", "1e", "1e+", "Infinity", "1_000", "1.2.3", "12a"])("rejects %j", (token) => {
    expect(parseFloatToken(Buffer.from(token), 0, token.length)).toBeUndefined();
  });

  it("matches Number() on many random decimals", () => {
    let seed = 7;
    const nextRandom = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2000; n++) {
      const token = (nextRandom() * 10 ** Math.floor(nextRandom() * 30 - 15)).toPrecision(
        1 + Math.floor(nextRandom() * 17),
      );
      expect(parseFloatToken(Buffer.from(token), 0, token.length)).toBe(Number(token));
    }
  });
});

import { describe, expect, it } from "vitest";
import { configProblemLines, parseValidConfig } from "../../test/support/config-text.js";

describe("ingest config keys", () => {
  it("leaves otlp, ingest, tokens and log_patterns undefined when absent", () => {
    const config = parseValidConfig("project: shop\n");
    expect([config.otlp, config.ingest, config.tokens, config.logPatterns]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("parses every key into the camelCase shape, with defaults filled in", () => {
    const config = parseValidConfig(`otlp:
  listen: 127.0.0.1:14318
  span_thresholds:
    - service: web
      window: 30s
      max_error_ratio: 0.05
    - max_latency: 1500ms
      latency_quantile: 0.99
      min_spans: 50
ingest:
  max_body: 4MiB
  max_series_per_service: 500
tokens:
  - { name: grafana, token: s3cret, role: viewer }
  - { name: ops, token_file: /etc/orbt/ops.token, role: operator }
log_patterns:
  - { service: api, min_severity: ERROR, pattern: deployment_failures, symptom: dependency_issues }
  - { body_regex: "OutOfMemoryError", pattern: performance_issues, symptom: memory_leaks }
`);
    expect(config.otlp).toEqual({
      listen: { host: "127.0.0.1", port: 14318 },
      spanThresholds: [
        {
          service: "web",
          windowMs: 30_000,
          minSpans: 10,
          maxErrorRatio: 0.05,
          latencyQuantile: 0.95,
          maxLatencySeconds: undefined,
        },
        {
          service: undefined,
          windowMs: 60_000,
          minSpans: 50,
          maxErrorRatio: undefined,
          latencyQuantile: 0.99,
          maxLatencySeconds: 1.5,
        },
      ],
    });
    expect(config.ingest).toEqual({
      maxBodyBytes: 4 * 1024 * 1024,
      maxDecodedBytes: 64 * 1024 * 1024,
      maxLabelCount: 64,
      maxLabelNameLength: 256,
      maxLabelValueLength: 4096,
      maxSeriesPerService: 500,
      decodeThreads: 2,
    });
    expect(config.tokens).toEqual([
      { name: "grafana", token: "s3cret", tokenFile: undefined, role: "viewer" },
      { name: "ops", token: undefined, tokenFile: "/etc/orbt/ops.token", role: "operator" },
    ]);
    expect(config.logPatterns).toEqual([
      {
        service: "api",
        minSeverity: "ERROR",
        bodyRegex: undefined,
        pattern: "deployment_failures",
        symptom: "dependency_issues",
      },
      {
        service: undefined,
        minSeverity: undefined,
        bodyRegex: "OutOfMemoryError",
        pattern: "performance_issues",
        symptom: "memory_leaks",
      },
    ]);
  });

  it("turns the OTLP receiver off with otlp: false and defaults its address", () => {
    expect(parseValidConfig("otlp: false\n").otlp).toBe(false);
    expect(parseValidConfig("otlp: {}\n").otlp).toEqual({
      listen: { host: "127.0.0.1", port: 4318 },
      spanThresholds: [],
    });
  });

  it("takes decode_threads from 0 to 16, naming the key otherwise", () => {
    expect(parseValidConfig("ingest: { decode_threads: 0 }\n").ingest?.decodeThreads).toBe(0);
    const lines = configProblemLines("ingest:\n  decode_threads: 17\n");
    expect(lines.join("\n")).toMatch(/orbt\.yaml:2 ingest\.decode_threads: .*0 to 16/);
  });

  it("reports bad tokens, sizes, thresholds and patterns by line and path", () => {
    const lines = configProblemLines(`ingest:
  max_body: 16 parsecs
otlp:
  span_thresholds:
    - window: 1m
tokens:
  - { name: a, role: viewer }
  - { name: b, token: x, role: root }
  - { name: b, token: y, token_file: /t, role: admin }
log_patterns:
  - { body_regex: "(", pattern: p, symptom: s }
`);
    expect(lines).toHaveLength(6);
    expect(lines.join("\n")).toMatch(/orbt\.yaml:2 ingest\.max_body/);
    expect(lines.join("\n")).toMatch(
      /otlp\.span_thresholds\[0\]: expected max_error_ratio, max_latency or both/,
    );
    expect(lines.join("\n")).toMatch(/tokens\[0\]: expected exactly one of token, token_file/);
    expect(lines.join("\n")).toMatch(/tokens\[1\]\.role/);
    expect(lines.join("\n")).toMatch(/tokens\[2\]: expected exactly one of token, token_file/);
    expect(lines.join("\n")).toMatch(/log_patterns\[0\]: bodyRegex: /);
  });
});

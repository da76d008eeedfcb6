import { describe, expect, it } from "vitest";
import { compileLogPattern, DEFAULT_LOG_PATTERNS, type LogPattern, matchLogPatterns } from "./log-pattern.js";
import type { LogRecord } from "./translate-otlp-logs.js";

function record(overrides: Partial<LogRecord>): LogRecord {
  return {
    service: "api",
    severityNumber: 9,
    severityText: "INFO",
    body: "ok",
    attributes: {},
    timeUnixMs: 1,
    ...overrides,
  };
}

function compiled(specs: Parameters<typeof compileLogPattern>[0][]): LogPattern[] {
  return specs.map((spec) => {
    const result = compileLogPattern(spec);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  });
}

describe("log patterns", () => {
  it("raises memory_leaks for an OutOfMemoryError with the record as evidence", () => {
    const oom = record({ body: "java.lang.OutOfMemoryError: Java heap space", severityNumber: 17 });
    expect(matchLogPatterns([record({}), oom], compiled([...DEFAULT_LOG_PATTERNS]))).toEqual([
      { service: "api", pattern: "performance_issues", symptom: "memory_leaks", evidence: oom },
    ]);
  });

  it("raises dependency_issues only at ERROR or above", () => {
    const patterns = compiled([...DEFAULT_LOG_PATTERNS]);
    const warning = record({ body: "Error: Cannot find module 'left-pad'", severityNumber: 13 });
    const error = record({ ...warning, severityNumber: 17 });
    expect(
      matchLogPatterns([warning, error], patterns).map((symptom) => [symptom.symptom, symptom.evidence]),
    ).toEqual([["dependency_issues", error]]);
  });

  it("matches on severity alone and only for its service", () => {
    const patterns = compiled([
      { service: "db", minSeverity: "ERROR", pattern: "uptime_problems", symptom: "service_unavailable" },
    ]);
    const dbError = record({ service: "db", severityNumber: 21 });
    expect(
      matchLogPatterns([record({ severityNumber: 21 }), dbError, record({ service: "db" })], patterns),
    ).toEqual([
      { service: "db", pattern: "uptime_problems", symptom: "service_unavailable", evidence: dbError },
    ]);
  });

  it("refuses a pattern with no condition or an invalid regex", () => {
    expect(compileLogPattern({ pattern: "p", symptom: "s" })).toMatchObject({
      ok: false,
      error: { code: "invalid_log_pattern" },
    });
    expect(compileLogPattern({ bodyRegex: "(unclosed", pattern: "p", symptom: "s" })).toMatchObject({
      ok: false,
      error: { code: "invalid_log_pattern" },
    });
  });
});

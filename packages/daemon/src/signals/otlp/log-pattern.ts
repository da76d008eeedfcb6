import { err, ok, type Result } from "@orbt/core";
import { describeError } from "../ingest/describe-error.js";
import type { LogRecord } from "./translate-otlp-logs.js";

/** A `log_patterns` entry as configured: a record matches when every condition given holds. */
export type LogPatternSpec = {
  /** Only records of this service; any service when absent. */
  readonly service?: string;
  /** Severity floor, a SeverityNumber or a level name (`ERROR` is 17). */
  readonly minSeverity?: number | "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
  /** A JavaScript regular expression tested against the body. */
  readonly bodyRegex?: string;
  readonly pattern: string;
  readonly symptom: string;
};

export type LogPattern = {
  readonly service: string | undefined;
  readonly minSeverityNumber: number | undefined;
  readonly body: RegExp | undefined;
  readonly pattern: string;
  readonly symptom: string;
};

/** A symptom to raise, with the log record that showed it. */
export type LogSymptom = {
  readonly service: string;
  readonly pattern: string;
  readonly symptom: string;
  readonly evidence: LogRecord;
};

export type LogPatternError = { readonly code: "invalid_log_pattern"; readonly message: string };

const SEVERITY_FLOORS = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;

/** The shipped patterns: out-of-memory errors are memory leaks, unresolvable modules dependency issues. */
export const DEFAULT_LOG_PATTERNS: readonly LogPatternSpec[] = [
  {
    bodyRegex: "OutOfMemoryError|JavaScript heap out of memory|MemoryError|Out of memory",
    pattern: "performance_issues",
    symptom: "memory_leaks",
  },
  {
    minSeverity: "ERROR",
    bodyRegex:
      "Cannot find module|ERR_MODULE_NOT_FOUND|ModuleNotFoundError|ClassNotFoundException|NoClassDefFoundError",
    pattern: "deployment_failures",
    symptom: "dependency_issues",
  },
];

export function compileLogPattern(spec: LogPatternSpec): Result<LogPattern, LogPatternError> {
  if (spec.minSeverity === undefined && spec.bodyRegex === undefined) {
    return err({
      code: "invalid_log_pattern",
      message: "a log pattern needs minSeverity, bodyRegex or both",
    });
  }
  let body: RegExp | undefined;
  try {
    body = spec.bodyRegex === undefined ? undefined : new RegExp(spec.bodyRegex);
  } catch (cause) {
    return err({ code: "invalid_log_pattern", message: `bodyRegex: ${describeError(cause)}` });
  }
  return ok({
    service: spec.service,
    minSeverityNumber:
      typeof spec.minSeverity === "string" ? SEVERITY_FLOORS[spec.minSeverity] : spec.minSeverity,
    body,
    pattern: spec.pattern,
    symptom: spec.symptom,
  });
}

/** Per record, the first pattern it matches, as a symptom with the record as evidence. */
export function matchLogPatterns(
  records: readonly LogRecord[],
  patterns: readonly LogPattern[],
): LogSymptom[] {
  const symptoms: LogSymptom[] = [];
  for (const record of records) {
    const match = patterns.find((pattern) => isMatch(record, pattern));
    if (match !== undefined) {
      symptoms.push({
        service: record.service,
        pattern: match.pattern,
        symptom: match.symptom,
        evidence: record,
      });
    }
  }
  return symptoms;
}

function isMatch(record: LogRecord, pattern: LogPattern): boolean {
  if (pattern.service !== undefined && pattern.service !== record.service) return false;
  if (pattern.minSeverityNumber !== undefined && record.severityNumber < pattern.minSeverityNumber)
    return false;
  return pattern.body === undefined || pattern.body.test(record.body);
}

import {
  type AlertingRule,
  parseDurationMs,
  parsePromql,
  type RecordingRule,
  type Result,
  type Rule,
} from "@orbt/core";
import { LineCounter, parseDocument } from "yaml";
import type { ConfigProblem } from "../../config/config-problem.js";
import { describeInput } from "../../config/describe-input.js";
import { locateYamlLine } from "../../config/locate-yaml-line.js";
import type { LoadedRuleGroup } from "./loaded-rule-group.js";

/** Prometheus's default `evaluation_interval`, for groups that set no `interval`. */
export const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

const GROUP_KEYS = new Set(["name", "interval", "limit", "rules", "query_offset", "labels"]);
const RULE_KEYS = new Set(["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]);
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

type Path = readonly (string | number)[];
type Report = (path: Path, message: string, code?: ConfigProblem["code"]) => void;

/** Reads a Prometheus rule file (groups of recording and alerting rules) as Prometheus's rulefmt does. */
export function parseRuleFileText(
  text: string,
  fileName: string,
  defaultIntervalMs = DEFAULT_EVALUATION_INTERVAL_MS,
): Result<LoadedRuleGroup[], ConfigProblem[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    return {
      ok: false,
      error: document.errors.map((e) => ({
        code: "yaml_syntax" as const,
        file: fileName,
        line: lineCounter.linePos(e.pos[0]).line,
        path: "",
        message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ""),
      })),
    };
  }
  const problems: ConfigProblem[] = [];
  const report: Report = (path, message, code = "invalid_value") =>
    problems.push({
      code,
      file: fileName,
      line: locateYamlLine(document, lineCounter, path),
      path: formatPath(path),
      message,
    });
  let data: unknown;
  try {
    data = document.toJS() ?? {};
  } catch (error) {
    return {
      ok: false,
      error: [{ code: "yaml_syntax", file: fileName, line: 0, path: "", message: String(error) }],
    };
  }
  const groups: LoadedRuleGroup[] = [];
  if (!isRecord(data)) {
    report([], `expected a mapping with groups, got ${describeInput(data)}`);
  } else {
    for (const key of Object.keys(data))
      if (key !== "groups") report([key], `unknown key "${key}"`, "unknown_key");
    const rawGroups = data.groups ?? [];
    if (!Array.isArray(rawGroups)) report(["groups"], `expected a list, got ${describeInput(rawGroups)}`);
    else {
      const seen = new Set<string>();
      rawGroups.forEach((raw: unknown, index) => {
        const name = isRecord(raw) && typeof raw.name === "string" ? raw.name : undefined;
        if (name !== undefined && seen.has(name)) {
          report(["groups", index, "name"], `groupname: "${name}" is repeated in the same file`);
        }
        if (name !== undefined) seen.add(name);
        const group = readGroup(raw, ["groups", index], defaultIntervalMs, report);
        if (group === undefined) return;
        groups.push({ file: fileName, group });
      });
    }
  }
  if (problems.length > 0) return { ok: false, error: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, value: groups };
}

function readGroup(
  raw: unknown,
  path: Path,
  defaultIntervalMs: number,
  report: Report,
): LoadedRuleGroup["group"] | undefined {
  if (!isRecord(raw)) {
    report(path, `expected a mapping, got ${describeInput(raw)}`);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!GROUP_KEYS.has(key)) report([...path, key], `unknown key "${key}"`, "unknown_key");
  }
  const name = typeof raw.name === "string" ? raw.name : "";
  if (name === "")
    report(
      [...path, "name"],
      "Groupname must not be empty",
      raw.name === undefined ? "required" : "invalid_value",
    );
  const intervalMs =
    raw.interval === undefined
      ? defaultIntervalMs
      : readDuration(raw.interval, [...path, "interval"], report);
  if (intervalMs === 0) report([...path, "interval"], "expected an interval above 0");
  const limit = raw.limit ?? 0;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0) {
    report([...path, "limit"], `expected an integer >= 0, got ${describeInput(limit)}`);
  }
  if (raw.query_offset !== undefined)
    report([...path, "query_offset"], "query_offset is not supported by Orbt");
  if (raw.labels !== undefined) report([...path, "labels"], "group labels are not supported by Orbt");
  const rawRules = raw.rules ?? [];
  if (!Array.isArray(rawRules)) {
    report([...path, "rules"], `expected a list, got ${describeInput(rawRules)}`);
    return undefined;
  }
  const rules = rawRules.map((rule: unknown, index) => readRule(rule, [...path, "rules", index], report));
  if (rules.some((r) => r === undefined) || intervalMs === undefined || typeof limit !== "number")
    return undefined;
  return { name, intervalMs, limit, rules: rules as Rule[] };
}

function readRule(raw: unknown, path: Path, report: Report): Rule | undefined {
  if (!isRecord(raw)) {
    report(path, `expected a mapping, got ${describeInput(raw)}`);
    return undefined;
  }
  const before = countingReport(report);
  for (const key of Object.keys(raw)) {
    if (!RULE_KEYS.has(key)) before.report([...path, key], `unknown key "${key}"`, "unknown_key");
  }
  const record = raw.record;
  const alert = raw.alert;
  if (record === undefined && alert === undefined) {
    before.report(path, "one of 'record' or 'alert' must be set", "required");
    return undefined;
  }
  if (record !== undefined && alert !== undefined) {
    before.report(path, "only one of 'record' and 'alert' must be set");
    return undefined;
  }
  const expr = readExpr(raw.expr, [...path, "expr"], before.report);
  const labels = readLabelMap(raw.labels, [...path, "labels"], before.report);
  if (record !== undefined) {
    if (typeof record !== "string" || !METRIC_NAME.test(record)) {
      before.report([...path, "record"], `invalid recording rule name: ${describeInput(record)}`);
    }
    for (const key of ["annotations", "for", "keep_firing_for"]) {
      if (raw[key] !== undefined) before.report([...path, key], `invalid field '${key}' in recording rule`);
    }
    if (before.count() > 0 || expr === undefined || labels === undefined) return undefined;
    const rule: RecordingRule = {
      kind: "recording",
      name: record as string,
      expr,
      query: String(raw.expr),
      labels,
    };
    return rule;
  }
  if (typeof alert !== "string" || alert === "")
    before.report([...path, "alert"], `invalid alert name: ${describeInput(alert)}`);
  const forMs = raw.for === undefined ? 0 : readDuration(raw.for, [...path, "for"], before.report);
  const keepFiringForMs =
    raw.keep_firing_for === undefined
      ? 0
      : readDuration(raw.keep_firing_for, [...path, "keep_firing_for"], before.report);
  const annotations = readLabelMap(raw.annotations, [...path, "annotations"], before.report);
  if (before.count() > 0 || expr === undefined || labels === undefined || annotations === undefined)
    return undefined;
  if (forMs === undefined || keepFiringForMs === undefined) return undefined;
  const rule: AlertingRule = {
    kind: "alerting",
    name: alert as string,
    expr,
    query: String(raw.expr),
    forMs,
    keepFiringForMs,
    labels,
    annotations,
  };
  return rule;
}

function countingReport(report: Report): { report: Report; count: () => number } {
  let count = 0;
  return {
    report: (path, message, code) => {
      count++;
      report(path, message, code);
    },
    count: () => count,
  };
}

function readExpr(raw: unknown, path: Path, report: Report): AlertingRule["expr"] | undefined {
  if (raw === undefined || raw === "") {
    report(path, "field 'expr' must be set in rule", "required");
    return undefined;
  }
  if (typeof raw !== "string" && typeof raw !== "number") {
    report(path, `expected a PromQL expression, got ${describeInput(raw)}`);
    return undefined;
  }
  const parsed = parsePromql(String(raw));
  if (!parsed.ok) {
    report(path, `could not parse expression: ${parsed.error.message}`);
    return undefined;
  }
  return parsed.value.expr;
}

function readDuration(raw: unknown, path: Path, report: Report): number | undefined {
  const ms = typeof raw === "string" ? parseDurationMs(raw) : undefined;
  if (ms === undefined) report(path, `expected a duration like 5m, got ${describeInput(raw)}`);
  return ms;
}

function readLabelMap(raw: unknown, path: Path, report: Report): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    report(path, `expected a mapping, got ${describeInput(raw)}`);
    return undefined;
  }
  const out: Record<string, string> = {};
  let isValid = true;
  for (const [name, value] of Object.entries(raw)) {
    if (!LABEL_NAME.test(name)) {
      report([...path, name], `invalid label name: ${name}`);
      isValid = false;
    } else if (typeof value === "object" && value !== null) {
      report([...path, name], `expected a string, got ${describeInput(value)}`);
      isValid = false;
    } else {
      out[name] = value === null ? "" : String(value);
    }
  }
  return isValid ? out : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function formatPath(path: Path): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join("");
}

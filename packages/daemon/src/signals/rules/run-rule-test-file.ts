import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import {
  evaluateGroup,
  evaluateInstant,
  expandValues,
  formatDurationMs,
  formatGoDuration,
  formatGoFloat,
  formatLabelSet,
  type GroupState,
  initialGroupState,
  type Labels,
  MemorySeriesStore,
  parseDurationMs,
  parseSeriesDesc,
} from "@orbt/core";
import { parse as parseYaml } from "yaml";
import { formatConfigProblem } from "../../config/config-problem.js";
import { expandGlob, loadRuleFiles } from "./load-rule-files.js";
import type { LoadedRuleGroup } from "./loaded-rule-group.js";

/** One unit-test file's outcome: no errors means it passed. Errors read as promtool prints them. */
export type RuleTestFileReport = { readonly file: string; readonly errors: readonly string[] };

type TestGroup = {
  readonly intervalMs: number;
  readonly inputSeries: readonly { readonly series: string; readonly values: string }[];
  readonly alertTests: readonly AlertTest[];
  readonly exprTests: readonly ExprTest[];
  readonly externalLabels: Labels;
  readonly externalUrl: string;
  readonly name: string;
};
type AlertTest = {
  readonly evalTimeMs: number;
  readonly alertname: string;
  readonly expAlerts: readonly { readonly labels: Labels; readonly annotations: Labels }[];
};
type ExprTest = {
  readonly expr: string;
  readonly evalTimeMs: number;
  readonly expSamples: readonly { readonly labels: string; readonly value: number }[];
};

class TestFileError extends Error {}

const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

/** Runs one promtool unit-test file (`rule_files`, `evaluation_interval`, `tests`) the way `promtool test rules` does. */
export async function runRuleTestFile(file: string): Promise<RuleTestFileReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { file, errors: [`open ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`] };
  }
  let parsed: ReturnType<typeof readTestFile>;
  try {
    parsed = readTestFile(parseYaml(text) as unknown);
  } catch (error) {
    return { file, errors: [error instanceof Error ? error.message : String(error)] };
  }
  const ruleFiles: string[] = [];
  for (const pattern of parsed.ruleFiles) {
    ruleFiles.push(...(await expandGlob(isAbsolute(pattern) ? pattern : resolve(dirname(file), pattern))));
  }
  const errors: string[] = [];
  for (const test of parsed.tests) {
    const loaded = await loadRuleFiles(dirname(file), ruleFiles, test.intervalMs);
    if (!loaded.ok) {
      errors.push(...loaded.error.map(formatConfigProblem));
      continue;
    }
    const ordered = orderGroups(loaded.value, parsed.groupEvalOrder);
    errors.push(...runTestGroup(test, parsed.evaluationIntervalMs, ordered));
  }
  return { file, errors };
}

function orderGroups(groups: readonly LoadedRuleGroup[], order: readonly string[]): LoadedRuleGroup[] {
  const rank = (g: LoadedRuleGroup) => Math.max(order.indexOf(g.group.name), 0);
  return [...groups].sort((a, b) => rank(a) - rank(b));
}

function runTestGroup(test: TestGroup, evalIntervalMs: number, groups: readonly LoadedRuleGroup[]): string[] {
  const store = new MemorySeriesStore();
  for (const input of test.inputSeries) {
    const desc = parseSeriesDesc(input.series);
    const values = expandValues(input.values);
    if (desc === undefined || desc.rest !== "" || values === undefined) {
      return [`    invalid input series: ${input.series} ${input.values}`];
    }
    values.forEach((v, i) => {
      if (v.kind === "omitted") return;
      store.append(desc.labels, [
        {
          timestampMs: i * test.intervalMs,
          value: v.kind === "value" ? v.value : Number.NaN,
          isStale: v.kind === "stale",
        },
      ]);
    });
  }
  const testName = test.name === "" ? "" : `    name: ${test.name},\n`;
  const maxEvalMs = Math.max(
    0,
    ...test.alertTests.map((t) => t.evalTimeMs),
    ...test.exprTests.map((t) => t.evalTimeMs),
  );
  const alertTimes = [...new Set(test.alertTests.map((t) => t.evalTimeMs))].sort((a, b) => a - b);
  const context = { externalLabels: test.externalLabels, externalUrl: test.externalUrl };
  const states = new Map<LoadedRuleGroup, GroupState>(groups.map((g) => [g, initialGroupState(g.group)]));
  const errors: string[] = [];
  let next = 0;
  for (let ts = 0; ts <= maxEvalMs; ts += evalIntervalMs) {
    const evalErrors: string[] = [];
    const firing = new Map<string, { labels: Labels; annotations: Labels }[]>();
    for (const loaded of groups) {
      const round = evaluateGroup(states.get(loaded)!, loaded.group, ts, store, context);
      states.set(loaded, round.state);
      for (const s of [...round.recordedSamples, ...round.alertSeries]) {
        store.append(s.labels, [{ timestampMs: s.timestampMs, value: s.value, isStale: s.isStale === true }]);
      }
      for (const e of round.errors)
        evalErrors.push(`    rule: ${e.rule}, time: ${formatGoDuration(ts)}, err: ${e.message}`);
      for (const { rule, alert } of round.alerts) {
        if (alert.state !== "firing") continue;
        firing.set(rule, [
          ...(firing.get(rule) ?? []),
          { labels: alert.labels, annotations: alert.annotations },
        ]);
      }
    }
    if (evalErrors.length > 0) return [...errors, ...evalErrors];
    while (next < alertTimes.length && ts <= alertTimes[next]! && alertTimes[next]! < ts + evalIntervalMs) {
      const at = alertTimes[next]!;
      for (const alertTest of test.alertTests.filter((t) => t.evalTimeMs === at)) {
        const got = sortAlerts(firing.get(alertTest.alertname) ?? []);
        const exp = sortAlerts(
          alertTest.expAlerts.map((a) => ({
            labels: { ...a.labels, alertname: alertTest.alertname },
            annotations: a.annotations,
          })),
        );
        if (formatAlerts(exp) !== formatAlerts(got)) {
          errors.push(
            `${testName}    alertname: ${alertTest.alertname}, time: ${formatDurationMs(at)}, \n        exp:${indentLines(formatAlerts(exp), "            ")}, \n        got:${indentLines(formatAlerts(got), "            ")}`,
          );
        }
      }
      next++;
    }
  }
  for (const exprTest of test.exprTests) errors.push(...checkExpr(exprTest, store, testName));
  return errors;
}

function checkExpr(test: ExprTest, store: MemorySeriesStore, testName: string): string[] {
  const at = formatDurationMs(test.evalTimeMs);
  const result = evaluateInstant(test.expr, test.evalTimeMs, store);
  if (!result.ok)
    return [`${testName}    expr: ${JSON.stringify(test.expr)}, time: ${at}, err: ${result.error.message}`];
  const value = result.value.value;
  let got: { labels: Labels; value: number }[];
  if (value.resultType === "vector") got = value.result.map((s) => ({ labels: s.metric, value: s.value }));
  else if (value.resultType === "scalar") got = [{ labels: {}, value: value.result.value }];
  else
    return [
      `${testName}    expr: ${JSON.stringify(test.expr)}, time: ${at}, err: rule result is not a vector or scalar`,
    ];
  const exp: { labels: Labels; value: number }[] = [];
  for (const sample of test.expSamples) {
    const desc = sample.labels.trim() === "" ? { labels: {}, rest: "" } : parseSeriesDesc(sample.labels);
    if (desc === undefined || desc.rest !== "") {
      return [
        `${testName}    expr: ${JSON.stringify(test.expr)}, time: ${at}, err: labels ${JSON.stringify(sample.labels)}: invalid series`,
      ];
    }
    exp.push({ labels: desc.labels, value: sample.value });
  }
  const expText = formatSamples(exp);
  const gotText = formatSamples(got);
  if (expText === gotText) return [];
  return [
    `${testName}    expr: ${JSON.stringify(test.expr)}, time: ${at},\n        exp: ${expText}\n        got: ${gotText}`,
  ];
}

function formatSamples(samples: readonly { labels: Labels; value: number }[]): string {
  if (samples.length === 0) return "nil";
  return samples
    .map(
      (s) =>
        `${formatLabelSet(s.labels)} ${formatGoFloat(s.value, "e").toUpperCase().replace("INF", "Inf").replace("NAN", "NaN")}`,
    )
    .sort()
    .join(", ");
}

type LabelsAndAnnotations = { readonly labels: Labels; readonly annotations: Labels };

function sortAlerts(alerts: readonly LabelsAndAnnotations[]): LabelsAndAnnotations[] {
  const key = (a: LabelsAndAnnotations) => `${formatLabelSet(a.labels)}\n${formatLabelSet(a.annotations)}`;
  return [...alerts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** promtool's labelsAndAnnotations.String(). */
function formatAlerts(alerts: readonly LabelsAndAnnotations[]): string {
  if (alerts.length === 0) return "[]";
  const items = alerts.map(
    (a, i) =>
      `${i}:${indentLines(`\nLabels:${formatLabelSet(a.labels)}\nAnnotations:${formatLabelSet(a.annotations)}`, "  ")}`,
  );
  return `[\n${items.join(",\n")}\n]`;
}

function indentLines(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line, i) => (i > 0 ? indent + line : line))
    .join("\n");
}

function readTestFile(data: unknown) {
  const file = asRecord(data, "", [
    "rule_files",
    "evaluation_interval",
    "group_eval_order",
    "tests",
    "fuzzy_compare",
  ]);
  const evaluationIntervalMs =
    file.evaluation_interval === undefined || file.evaluation_interval === 0
      ? DEFAULT_EVALUATION_INTERVAL_MS
      : readDuration(file.evaluation_interval, "evaluation_interval");
  const groupEvalOrder = readStrings(file.group_eval_order, "group_eval_order");
  const seen = new Set<string>();
  for (const name of groupEvalOrder) {
    if (seen.has(name)) throw new TestFileError(`group name repeated in evaluation order: ${name}`);
    seen.add(name);
  }
  const tests = asList(file.tests, "tests").map((raw, i) =>
    readTestGroup(raw, `tests[${i}]`, evaluationIntervalMs),
  );
  return {
    ruleFiles: readStrings(file.rule_files, "rule_files"),
    evaluationIntervalMs,
    groupEvalOrder,
    tests,
  };
}

function readTestGroup(raw: unknown, path: string, evaluationIntervalMs: number): TestGroup {
  const group = asRecord(raw, path, [
    "interval",
    "input_series",
    "alert_rule_test",
    "promql_expr_test",
    "external_labels",
    "external_url",
    "name",
  ]);
  const name = group.name === undefined ? "" : String(group.name);
  const alertTests = asList(group.alert_rule_test, `${path}.alert_rule_test`).map((rawTest, i): AlertTest => {
    const t = asRecord(rawTest, `${path}.alert_rule_test[${i}]`, ["eval_time", "alertname", "exp_alerts"]);
    const evalTimeMs = t.eval_time === undefined ? 0 : readDuration(t.eval_time, "eval_time");
    const alertname = typeof t.alertname === "string" ? t.alertname : "";
    if (alertname === "") {
      const where = name === "" ? "" : ` (in TestGroup ${name})`;
      throw new TestFileError(
        `an item under alert_rule_test misses required attribute alertname at eval_time ${formatDurationMs(evalTimeMs)}${where}`,
      );
    }
    const expAlerts = asList(t.exp_alerts, "exp_alerts").map((rawAlert, j) => {
      const a = asRecord(rawAlert, `exp_alerts[${j}]`, ["exp_labels", "exp_annotations"]);
      return { labels: readStringMap(a.exp_labels), annotations: readStringMap(a.exp_annotations) };
    });
    return { evalTimeMs, alertname, expAlerts };
  });
  const exprTests = asList(group.promql_expr_test, `${path}.promql_expr_test`).map((rawTest, i): ExprTest => {
    const t = asRecord(rawTest, `${path}.promql_expr_test[${i}]`, ["expr", "eval_time", "exp_samples"]);
    return {
      expr: String(t.expr ?? ""),
      evalTimeMs: t.eval_time === undefined ? 0 : readDuration(t.eval_time, "eval_time"),
      expSamples: asList(t.exp_samples, "exp_samples").map((rawSample, j) => {
        const s = asRecord(rawSample, `exp_samples[${j}]`, ["labels", "value", "histogram"]);
        if (s.histogram !== undefined)
          throw new TestFileError("native histogram samples are not supported by Orbt");
        return { labels: String(s.labels ?? ""), value: Number(s.value ?? 0) };
      }),
    };
  });
  return {
    intervalMs:
      group.interval === undefined ? evaluationIntervalMs : readDuration(group.interval, `${path}.interval`),
    inputSeries: asList(group.input_series, `${path}.input_series`).map((rawSeries, i) => {
      const s = asRecord(rawSeries, `${path}.input_series[${i}]`, ["series", "values"]);
      return { series: String(s.series ?? ""), values: String(s.values ?? "") };
    }),
    alertTests,
    exprTests,
    externalLabels: readStringMap(group.external_labels),
    externalUrl: group.external_url === undefined ? "" : String(group.external_url),
    name,
  };
}

function asRecord(raw: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw))
    throw new TestFileError(`${path || "file"}: expected a mapping`);
  for (const key of Object.keys(raw)) {
    // promtool reads test files strictly: an unknown field is an error.
    if (!keys.includes(key)) throw new TestFileError(`field ${key} not found in ${path || "unit test file"}`);
  }
  return raw as Record<string, unknown>;
}

function asList(raw: unknown, path: string): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new TestFileError(`${path}: expected a list`);
  return raw;
}

function readStrings(raw: unknown, path: string): string[] {
  return asList(raw, path).map(String);
}

function readStringMap(raw: unknown): Labels {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new TestFileError("expected a mapping of strings");
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

function readDuration(raw: unknown, path: string): number {
  const ms = typeof raw === "string" ? parseDurationMs(raw) : undefined;
  if (ms === undefined)
    throw new TestFileError(`${path}: not a valid duration string: ${JSON.stringify(raw)}`);
  return ms;
}

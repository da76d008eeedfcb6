import type { Result } from "../../result.js";
import { evaluateInstant, evaluateRange } from "../evaluate.js";
import { matchesLabels } from "../label-matcher.js";
import { formatLabels, type Labels, labelsKey } from "../labels.js";
import { type AppendedSample, MemorySeriesStore } from "../memory-series-store.js";
import { parsePromql } from "../parse.js";
import type { PromqlError } from "../promql-error.js";
import type { QueryResult } from "../query-result.js";
import type { SeriesStore, StoredSeries } from "../series-store.js";
import type { SequenceValue } from "./expand-values.js";
import { type EvalCase, parseTestScript } from "./parse-test-script.js";

/** One eval of a script and how it went. */
export type CaseOutcome =
  | { readonly status: "passed"; readonly name: string }
  | { readonly status: "failed"; readonly name: string; readonly reason: string }
  | { readonly status: "skipped"; readonly name: string; readonly reason: string };

export type ScriptReport = {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly outcomes: readonly CaseOutcome[];
};

/** A store the runner can load a script's series into. */
export type LoadableStore = SeriesStore & {
  append(labels: Labels, samples: readonly AppendedSample[]): unknown;
};

/** Holds the script's float series and remembers whether a query touched a native histogram. */
class ScriptStore implements SeriesStore {
  readonly histograms: Labels[] = [];
  touchedHistogram = false;

  readonly sortsSeries: boolean;
  readonly selectLatest?: SeriesStore["selectLatest"];

  constructor(readonly floats: LoadableStore) {
    this.sortsSeries = floats.sortsSeries === true;
    const floatsLatest = floats.selectLatest?.bind(floats);
    if (floatsLatest !== undefined) {
      this.selectLatest = (matchers, minTimeMs, maxTimeMs) => {
        this.#noteHistograms(matchers);
        return floatsLatest(matchers, minTimeMs, maxTimeMs);
      };
    }
  }

  select(
    matchers: Parameters<SeriesStore["select"]>[0],
    minTimeMs: number,
    maxTimeMs: number,
  ): Iterable<StoredSeries> {
    this.#noteHistograms(matchers);
    return this.floats.select(matchers, minTimeMs, maxTimeMs);
  }

  #noteHistograms(matchers: Parameters<SeriesStore["select"]>[0]): void {
    if (this.histograms.some((labels) => matchesLabels(matchers, labels))) this.touchedHistogram = true;
  }
}

const EPSILON = 1e-6;
const MIN_NORMAL = 2.2250738585072014e-308;

function isAlmostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < EPSILON;
}

/** Runs every eval of a promqltest script against Orbt's engine, loading series into `makeStore()`. */
export function runTestScript(
  text: string,
  makeStore: () => LoadableStore = () => new MemorySeriesStore(),
): ScriptReport {
  let store = new ScriptStore(makeStore());
  const outcomes: CaseOutcome[] = [];
  for (const command of parseTestScript(text)) {
    switch (command.type) {
      case "clear":
        store = new ScriptStore(makeStore());
        break;
      case "load":
        for (const series of command.series) {
          if (series.isHistogram) {
            store.histograms.push(series.labels);
            continue;
          }
          const samples = series.values.flatMap((v, i) => {
            const timestampMs = i * command.stepMs;
            if (v.kind === "omitted") return [];
            if (v.kind === "stale") return [{ timestampMs, value: Number.NaN, isStale: true }];
            return [{ timestampMs, value: v.value }];
          });
          store.floats.append(series.labels, samples);
        }
        break;
      case "invalid":
        outcomes.push({
          status: "failed",
          name: `line ${command.line}`,
          reason: `unreadable command: ${command.text}`,
        });
        break;
      case "eval":
        store.touchedHistogram = false;
        outcomes.push(runCaseSafely(command, store));
        break;
    }
  }
  return {
    passed: outcomes.filter((o) => o.status === "passed").length,
    failed: outcomes.filter((o) => o.status === "failed").length,
    skipped: outcomes.filter((o) => o.status === "skipped").length,
    outcomes,
  };
}

/** An engine bug must fail its case, not the whole run. */
function runCaseSafely(c: EvalCase, store: ScriptStore): CaseOutcome {
  try {
    return runCase(c, store);
  } catch (e) {
    return { status: "failed", name: `line ${c.line}: ${c.expr}`, reason: `engine threw: ${String(e)}` };
  }
}

function runCase(c: EvalCase, store: ScriptStore): CaseOutcome {
  const name = `line ${c.line}: ${c.expr}`;
  const parsed = parsePromql(c.expr);
  if (!parsed.ok && parsed.error.code === "unsupported") {
    return { status: "skipped", name, reason: parsed.error.message };
  }
  const result =
    c.range === undefined
      ? evaluateInstant(c.expr, c.instantAtMs!, store)
      : evaluateRange(c.expr, c.range.startMs, c.range.endMs, c.range.stepMs, store);
  if (store.touchedHistogram || c.expect.mentionsHistogram) {
    return { status: "skipped", name, reason: "native histograms are not supported" };
  }
  if (!result.ok && result.error.code === "unsupported") {
    return { status: "skipped", name, reason: result.error.message };
  }
  const problem = checkCase(c, result) ?? checkRangeMode(c, result, store);
  return problem === undefined ? { status: "passed", name } : { status: "failed", name, reason: problem };
}

const MINUTE_MS = 60_000;

/**
 * Like promqltest, re-runs a passing instant query as a range query from one minute before to one
 * minute after, and expects the same samples at the middle step.
 */
function checkRangeMode(
  c: EvalCase,
  result: Result<QueryResult, PromqlError>,
  store: ScriptStore,
): string | undefined {
  if (c.instantAtMs === undefined || !result.ok || c.expect.isOrdered) return undefined;
  // These read the query's own start, end and step, which differ by design between the two modes.
  if (/\b(step|range|start|end)\s*\(\s*\)/.test(c.expr)) return undefined;
  const instant = result.value.value;
  if (instant.resultType !== "vector" && instant.resultType !== "scalar") return undefined;
  const t = c.instantAtMs;
  const ranged = evaluateRange(c.expr, t - MINUTE_MS, t + MINUTE_MS, MINUTE_MS, store);
  if (!ranged.ok) return `range mode: ${ranged.error.message}`;
  if (ranged.value.value.resultType !== "matrix") return "range mode: expected a matrix";
  const middle = ranged.value.value.result.flatMap((s) => {
    const point = s.points.find((p) => p.timestampMs === t);
    return point === undefined ? [] : [{ metric: s.metric, value: point.value, timestampMs: t }];
  });
  const asInstant: QueryResult["value"] =
    instant.resultType === "scalar"
      ? { resultType: "scalar", result: { timestampMs: t, value: middle[0]?.value ?? Number.NaN } }
      : { resultType: "vector", result: middle };
  const problem = compareValue(c, asInstant);
  return problem === undefined ? undefined : `range mode: ${problem}`;
}

function checkCase(c: EvalCase, result: Result<QueryResult, PromqlError>): string | undefined {
  const expect = c.expect;
  if (expect.unreadable.length > 0) return `unreadable expectation: ${expect.unreadable[0]}`;
  if (!result.ok) {
    if (expect.fail === undefined) return `unexpected error: ${result.error.message}`;
    if (expect.fail.message !== undefined && expect.fail.message !== result.error.message) {
      return `error message ${JSON.stringify(result.error.message)}, expected ${JSON.stringify(expect.fail.message)}`;
    }
    if (expect.fail.regex !== undefined && !new RegExp(expect.fail.regex).test(result.error.message)) {
      return `error message ${JSON.stringify(result.error.message)} does not match /${expect.fail.regex}/`;
    }
    return undefined;
  }
  if (expect.fail !== undefined) return "expected an error, query succeeded";
  const { warnings, infos } = result.value.annotations;
  if (expect.warn === "some" && warnings.length === 0) return "expected a warning, got none";
  if (expect.warn === "none" && warnings.length > 0) return `unexpected warning: ${warnings[0]}`;
  for (const msg of expect.warnMessages) {
    if (!warnings.includes(msg))
      return `missing warning ${JSON.stringify(msg)}; got ${JSON.stringify(warnings)}`;
  }
  for (const re of expect.warnRegexes) {
    if (!warnings.some((w) => new RegExp(re).test(w)))
      return `no warning matches /${re}/; got ${JSON.stringify(warnings)}`;
  }
  if (expect.info === "some" && infos.length === 0) return "expected an info annotation, got none";
  if (expect.info === "none" && infos.length > 0) return `unexpected info: ${infos[0]}`;
  return compareValue(c, result.value.value);
}

type ExpectedPoint = { t: number; v: number };

function expectedPoints(values: readonly SequenceValue[], startMs: number, stepMs: number): ExpectedPoint[] {
  return values.flatMap((v, i) => (v.kind === "value" ? [{ t: startMs + i * stepMs, v: v.value }] : []));
}

function compareValue(c: EvalCase, value: QueryResult["value"]): string | undefined {
  const expect = c.expect;
  if (expect.stringValue !== undefined) {
    if (value.resultType !== "string") return `expected string, got ${value.resultType}`;
    return value.result.value === expect.stringValue
      ? undefined
      : `string ${JSON.stringify(value.result.value)}`;
  }
  if (value.resultType === "string") return "unexpected string result";
  if (value.resultType === "scalar") {
    const exp = expect.series[0];
    if (exp === undefined || expect.series.length !== 1 || exp.labels !== undefined)
      return `got scalar ${value.result.value}, expected series`;
    const v = exp.values[0];
    return v?.kind === "value" && isAlmostEqual(v.value, value.result.value)
      ? undefined
      : `scalar ${value.result.value}, expected ${v?.kind === "value" ? v.value : "?"}`;
  }
  if (value.resultType === "vector") {
    if (c.range !== undefined || expect.rangeVector !== undefined) return "expected a matrix, got a vector";
    const expected = expect.series;
    if (expected.length !== value.result.length) {
      return `got ${value.result.length} samples, expected ${expected.length}: ${value.result.map((s) => `${formatLabels(s.metric)} ${s.value}`).join("; ")}`;
    }
    const byKey = new Map(value.result.map((s, i) => [labelsKey(s.metric), { s, i }]));
    for (const [i, e] of expected.entries()) {
      if (e.labels === undefined) return "expected a scalar, got a vector";
      const found = byKey.get(labelsKey(e.labels));
      if (found === undefined)
        return `missing ${formatLabels(e.labels)}; got ${value.result.map((s) => formatLabels(s.metric)).join("; ")}`;
      const v = e.values[0];
      if (e.values.length !== 1 || v?.kind !== "value" || !isAlmostEqual(v.value, found.s.value)) {
        return `${formatLabels(e.labels)}: got ${found.s.value}`;
      }
      if (expect.isOrdered && found.i !== i)
        return `${formatLabels(e.labels)} at position ${found.i}, expected ${i}`;
    }
    return undefined;
  }
  const frame = c.range ?? expect.rangeVector;
  if (frame === undefined) return "got a matrix, expected an instant vector";
  const expected = expect.series.filter(
    (e) => expectedPoints(e.values, frame.startMs, frame.stepMs).length > 0 || c.range === undefined,
  );
  const got = value.result;
  if (expected.length !== got.length) {
    return `got ${got.length} series, expected ${expected.length}: ${got.map((s) => formatLabels(s.metric)).join("; ")}`;
  }
  const byKey = new Map(got.map((s) => [labelsKey(s.metric), s]));
  for (const e of expected) {
    if (e.labels === undefined) return "expected series lines";
    const found = byKey.get(labelsKey(e.labels));
    if (found === undefined)
      return `missing ${formatLabels(e.labels)}; got ${got.map((s) => formatLabels(s.metric)).join("; ")}`;
    const points = expectedPoints(e.values, frame.startMs, frame.stepMs);
    const describe = (): string =>
      `${formatLabels(e.labels!)}: got ${found.points.map((p) => `${p.value}@${p.timestampMs / 1000}`).join(" ")}, expected ${points.map((p) => `${p.v}@${p.t / 1000}`).join(" ")}`;
    if (points.length !== found.points.length) return describe();
    for (const [i, p] of points.entries()) {
      const g = found.points[i]!;
      if (g.timestampMs !== p.t || !isAlmostEqual(g.value, p.v)) return describe();
    }
  }
  return undefined;
}

import { err, ok, type Result } from "../result.js";
import { AnnotationSink } from "./annotations.js";
import type { Expr } from "./ast.js";
import { checkTypes } from "./check-types.js";
import { type EvaluateOptions, Evaluator } from "./evaluator.js";
import { compareLabels, dropMetricName, type Labels, labelsKey } from "./labels.js";
import { parsePromql } from "./parse.js";
import { type PromqlError, PromqlFailure } from "./promql-error.js";
import type { InstantSample, QueryResult, QueryValue, SeriesPoints } from "./query-result.js";
import type { SeriesStore } from "./series-store.js";
import type { EvalValue, Sample } from "./values.js";

type Query = string | Expr;

function toExpr(query: Query): Expr {
  if (typeof query !== "string") return query;
  const parsed = parsePromql(query);
  if (!parsed.ok) throw new PromqlFailure(parsed.error);
  return parsed.value.expr;
}

function guard<T>(run: () => T): Result<T, PromqlError> {
  try {
    return ok(run());
  } catch (e) {
    if (e instanceof PromqlFailure) return err(e.error);
    // Anything else (a too-deep query, an engine bug) still reaches the caller as a value.
    return err({
      code: "execution",
      message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

/** Prometheus's guard against range queries with absurd step counts. */
const MAX_POINTS_PER_SERIES = 11_000;

const DUPLICATE_LABELSET = "vector cannot contain metrics with the same labelset";

function finalizeSamples(samples: readonly Sample[], timeMs: number): InstantSample[] {
  const seen = new Set<string>();
  return samples.map((s) => {
    const metric = s.dropName ? dropMetricName(s.metric) : s.metric;
    const key = labelsKey(metric);
    if (seen.has(key)) throw new PromqlFailure({ code: "execution", message: DUPLICATE_LABELSET });
    seen.add(key);
    return { metric, value: s.value, timestampMs: timeMs };
  });
}

/** Evaluates a query at one instant (ms since the epoch). */
export function evaluateInstant(
  query: Query,
  timeMs: number,
  store: SeriesStore,
  options: EvaluateOptions = {},
): Result<QueryResult, PromqlError> {
  return guard(() => {
    const expr = toExpr(query);
    const annotations = new AnnotationSink(typeof query === "string" ? query : undefined);
    const ev = new Evaluator(
      expr,
      store,
      { startMs: timeMs, endMs: timeMs, stepMs: 0, annotations },
      options,
    );
    const value = instantValue(ev.eval(expr, timeMs), timeMs);
    return { value, annotations: annotations.collect() };
  });
}

function instantValue(value: EvalValue, timeMs: number): QueryValue {
  switch (value.type) {
    case "scalar":
      return { resultType: "scalar", result: { timestampMs: timeMs, value: value.value } };
    case "string":
      return { resultType: "string", result: { timestampMs: timeMs, value: value.value } };
    case "vector":
      return {
        resultType: "vector",
        result: finalizeSamples(value.samples, timeMs),
      };
    case "matrix": {
      const seen = new Set<string>();
      const result = value.series.map((s) => {
        const metric = s.dropName ? dropMetricName(s.metric) : s.metric;
        const key = labelsKey(metric);
        if (seen.has(key)) throw new PromqlFailure({ code: "execution", message: DUPLICATE_LABELSET });
        seen.add(key);
        return {
          metric,
          points: s.timestampsMs.map((t, i) => ({ timestampMs: t, value: s.values[i]! })),
        };
      });
      return { resultType: "matrix", result: result.sort((a, b) => compareLabels(a.metric, b.metric)) };
    }
  }
}

/** Evaluates a query at every step from startMs to endMs inclusive; the value is always a matrix. */
export function evaluateRange(
  query: Query,
  startMs: number,
  endMs: number,
  stepMs: number,
  store: SeriesStore,
  options: EvaluateOptions = {},
): Result<QueryResult, PromqlError> {
  return guard(() => {
    const expr = toExpr(query);
    const type = checkTypes(expr);
    if (type !== "scalar" && type !== "vector") {
      const name = type === "matrix" ? "range vector" : "string";
      throw new PromqlFailure({
        code: "type",
        message: `invalid expression type "${name}" for range query, must be Scalar or instant Vector`,
      });
    }
    if (stepMs <= 0)
      throw new PromqlFailure({
        code: "execution",
        message: "zero or negative query resolution step widths are not accepted",
      });
    if (endMs < startMs)
      throw new PromqlFailure({ code: "execution", message: "end timestamp must not be before start time" });
    if ((endMs - startMs) / stepMs > MAX_POINTS_PER_SERIES) {
      throw new PromqlFailure({
        code: "execution",
        message:
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
      });
    }
    const annotations = new AnnotationSink(typeof query === "string" ? query : undefined);
    const ev = new Evaluator(expr, store, { startMs, endMs, stepMs, annotations }, options);
    const bySeries = new Map<
      string,
      { metric: Labels; dropName: boolean; points: { timestampMs: number; value: number }[] }
    >();
    for (let t = startMs; t <= endMs; t += stepMs) {
      const value = ev.eval(expr, t);
      const samples: readonly Sample[] =
        value.type === "scalar"
          ? [{ metric: {}, value: value.value, dropName: false }]
          : (value as { samples: readonly Sample[] }).samples;
      const seenThisStep = new Set<string>();
      for (const s of samples) {
        const key = labelsKey(s.metric);
        if (seenThisStep.has(key))
          throw new PromqlFailure({ code: "execution", message: DUPLICATE_LABELSET });
        seenThisStep.add(key);
        let series = bySeries.get(key);
        if (series === undefined) {
          series = { metric: s.metric, dropName: s.dropName, points: [] };
          bySeries.set(key, series);
        }
        series.points.push({ timestampMs: t, value: s.value });
      }
    }
    // Series that lose their names may merge, unless they overlap in time (Prometheus does the same).
    const merged = new Map<string, { metric: Labels; points: { timestampMs: number; value: number }[] }>();
    for (const s of bySeries.values()) {
      const metric = s.dropName ? dropMetricName(s.metric) : s.metric;
      const key = labelsKey(metric);
      const existing = merged.get(key);
      if (existing === undefined) {
        merged.set(key, { metric, points: s.points });
        continue;
      }
      const taken = new Set(existing.points.map((p) => p.timestampMs));
      if (s.points.some((p) => taken.has(p.timestampMs))) {
        throw new PromqlFailure({ code: "execution", message: DUPLICATE_LABELSET });
      }
      existing.points = [...existing.points, ...s.points].sort((a, b) => a.timestampMs - b.timestampMs);
    }
    const result: SeriesPoints[] = [...merged.values()];
    result.sort((a, b) => compareLabels(a.metric, b.metric));
    return { value: { resultType: "matrix", result }, annotations: annotations.collect() };
  });
}

import { aggregate, aggregateSelection, isReducing } from "./aggregate.js";
import type { AtModifier, DurationExpr, Expr, MatrixSelector, Subquery, VectorSelector } from "./ast.js";
import {
  applyScalarOp,
  applySetOp,
  applyVectorScalar,
  applyVectorVector,
  isComparison,
} from "./binary-ops.js";
import { callFunction } from "./call-function.js";
import type { EvalContext } from "./eval-context.js";
import { labelsKey, sortByLabels } from "./labels.js";
import { type LatestSamples, lastIndexAtOrBefore, latestOf } from "./latest-samples.js";
import { failExecution } from "./promql-error.js";
import type { RangeWindow } from "./range-functions.js";
import type { SeriesStore, StoredSeries } from "./series-store.js";
import type { EvalValue, RangeSeries, Sample } from "./values.js";

/** Engine settings; the defaults are Prometheus's. */
export type EvaluateOptions = {
  /** How far back an instant selector looks for a sample (default 5m). */
  readonly lookbackDeltaMs?: number;
  /** Step of subqueries written without one, like `x[5m:]` (default 1m). */
  readonly subqueryStepMs?: number;
};

export const DEFAULT_LOOKBACK_DELTA_MS = 300_000;
export const DEFAULT_SUBQUERY_STEP_MS = 60_000;

/** A range vector together with the window it covers (rate needs the bounds). */
export type WindowedMatrix = { readonly series: readonly RangeSeries[]; readonly window: RangeWindow };

/** The samples a selector reads: a window, and whether only its newest sample counts. */
type SelectorPlan = { readonly minMs: number; readonly maxMs: number; readonly latestOnly: boolean };

/** Evaluates an expression at single timestamps; one instance per query. */
export class Evaluator {
  readonly #plans = new Map<VectorSelector, SelectorPlan>();
  readonly #loaded = new Map<VectorSelector, readonly StoredSeries[]>();
  readonly #loadedLatest = new Map<VectorSelector, LatestSamples>();
  readonly #subqueryMemo = new Map<Subquery, Map<number, EvalValue>>();
  readonly lookbackDeltaMs: number;
  readonly subqueryStepMs: number;

  constructor(
    readonly root: Expr,
    private readonly store: SeriesStore,
    readonly ctx: EvalContext,
    options: EvaluateOptions,
  ) {
    this.lookbackDeltaMs = options.lookbackDeltaMs ?? DEFAULT_LOOKBACK_DELTA_MS;
    this.subqueryStepMs = options.subqueryStepMs ?? DEFAULT_SUBQUERY_STEP_MS;
    this.#planWindows(root, ctx.startMs, ctx.endMs);
  }

  durationMs(d: DurationExpr): number {
    switch (d.kind) {
      case "literal":
        return d.ms;
      case "step":
        return this.ctx.stepMs;
      case "range":
        return this.ctx.endMs - this.ctx.startMs;
      case "unary":
        return -this.durationMs(d.expr);
      case "binary": {
        const l = this.durationMs(d.lhs);
        const r = this.durationMs(d.rhs);
        switch (d.op) {
          case "+":
            return l + r;
          case "-":
            return l - r;
          case "*":
            return (l * r) / 1000;
          case "/":
            return (l / r) * 1000;
          case "%":
            return l % r;
          case "^":
            return (l / 1000) ** (r / 1000) * 1000;
          default:
            return failExecution(`unknown duration operator ${d.op}`);
        }
      }
      case "call": {
        const values = d.args.map((a) => this.durationMs(a));
        return d.fn === "min" ? Math.min(...values) : Math.max(...values);
      }
    }
  }

  #atTime(at: AtModifier | undefined, t: number): number {
    if (at === undefined) return t;
    if (at.kind === "start") return this.ctx.startMs;
    if (at.kind === "end") return this.ctx.endMs;
    return at.timeMs;
  }

  #shift(
    at: AtModifier | undefined,
    offset: DurationExpr | undefined,
    lo: number,
    hi: number,
  ): [number, number] {
    const offsetMs = offset === undefined ? 0 : this.durationMs(offset);
    if (at !== undefined) {
      const t = this.#atTime(at, lo);
      return [t - offsetMs, t - offsetMs];
    }
    return [lo - offsetMs, hi - offsetMs];
  }

  #planWindows(expr: Expr, lo: number, hi: number): void {
    switch (expr.type) {
      case "VectorSelector": {
        const [a, b] = this.#shift(expr.at, expr.offset, lo, hi);
        // Read at one instant, the selector needs only each series' newest sample up to it.
        this.#widen(expr, a - this.lookbackDeltaMs, b, a === b);
        return;
      }
      case "MatrixSelector": {
        const [a, b] = this.#shift(expr.selector.at, expr.selector.offset, lo, hi);
        this.#widen(expr.selector, a - this.durationMs(expr.range), b, false);
        return;
      }
      case "Subquery": {
        const [a, b] = this.#shift(expr.at, expr.offset, lo, hi);
        const stepMs = expr.step === undefined ? this.subqueryStepMs : this.durationMs(expr.step);
        this.#planWindows(expr.expr, a - this.durationMs(expr.range) - stepMs, b);
        return;
      }
      case "Paren":
      case "Unary":
        this.#planWindows(expr.expr, lo, hi);
        return;
      case "Binary":
        this.#planWindows(expr.lhs, lo, hi);
        this.#planWindows(expr.rhs, lo, hi);
        return;
      case "Aggregate":
        if (expr.param !== undefined) this.#planWindows(expr.param, lo, hi);
        this.#planWindows(expr.expr, lo, hi);
        return;
      case "Call":
        for (const arg of expr.args) this.#planWindows(arg, lo, hi);
        return;
      case "NumberLiteral":
      case "StringLiteral":
        return;
    }
  }

  #widen(selector: VectorSelector, minMs: number, maxMs: number, latestOnly: boolean): void {
    const current = this.#plans.get(selector);
    this.#plans.set(
      selector,
      current === undefined
        ? { minMs, maxMs, latestOnly }
        : { minMs: Math.min(current.minMs, minMs), maxMs: Math.max(current.maxMs, maxMs), latestOnly: false },
    );
  }

  #load(selector: VectorSelector): readonly StoredSeries[] {
    const cached = this.#loaded.get(selector);
    if (cached !== undefined) return cached;
    const plan = this.#plans.get(selector) ?? {
      minMs: Number.NEGATIVE_INFINITY,
      maxMs: Number.POSITIVE_INFINITY,
    };
    const selected = [...this.store.select(selector.matchers, plan.minMs, plan.maxMs)];
    const series = this.store.sortsSeries === true ? selected : sortByLabels(selected, (s) => s.labels);
    this.#loaded.set(selector, series);
    return series;
  }

  /** For a selector read at one instant only: each series' newest sample up to it. */
  #loadLatest(selector: VectorSelector, plan: SelectorPlan): LatestSamples {
    const cached = this.#loadedLatest.get(selector);
    if (cached !== undefined) return cached;
    const latest =
      this.store.selectLatest?.(selector.matchers, plan.minMs, plan.maxMs) ??
      latestOf(this.#load(selector), plan.minMs, plan.maxMs);
    this.#loadedLatest.set(selector, latest);
    return latest;
  }

  /** The newest samples of a selector read at `refT` only; undefined for one read over a window or at several instants. */
  #latestAt(selector: VectorSelector, refT: number): LatestSamples | undefined {
    const plan = this.#plans.get(selector);
    return plan?.latestOnly === true && plan.maxMs === refT ? this.#loadLatest(selector, plan) : undefined;
  }

  /**
   * A selector's newest samples at `t` when all count, none older than the lookback or a staleness marker
   * (so that they are its instant vector, one sample per label set of `labels`); otherwise undefined.
   */
  #wholeLatest(expr: Expr, t: number): LatestSamples | undefined {
    if (expr.type !== "VectorSelector") return undefined;
    const [refT] = this.#shift(expr.at, expr.offset, t, t);
    const latest = this.#latestAt(expr, refT);
    if (latest === undefined) return undefined;
    const oldestMs = refT - this.lookbackDeltaMs;
    for (let i = 0; i < latest.labels.length; i++) {
      if (!isVisibleAt(latest, i, refT, oldestMs)) return undefined;
    }
    return latest;
  }

  /** Instant selection with the sample timestamps (for `timestamp()`). */
  selectInstant(selector: VectorSelector, t: number): { sample: Sample; timestampMs: number }[] {
    const timestampsMs: number[] = [];
    return this.#instantVector(selector, t, timestampsMs).map((sample, i) => ({
      sample,
      timestampMs: timestampsMs[i]!,
    }));
  }

  /**
   * Each selected series' sample at `t`: the newest within the lookback, unless a staleness marker.
   * With `timestampsMs`, the samples' times are pushed to it; with `keep`, only samples whose value it
   * keeps are made.
   */
  #instantVector(
    selector: VectorSelector,
    t: number,
    timestampsMs?: number[],
    keep?: (value: number) => boolean,
  ): Sample[] {
    const [refT] = this.#shift(selector.at, selector.offset, t, t);
    const oldestMs = refT - this.lookbackDeltaMs;
    const out: Sample[] = [];
    const latest = this.#latestAt(selector, refT);
    if (latest !== undefined) {
      const { labels, values } = latest;
      for (let i = 0; i < labels.length; i++) {
        const ts = latest.timestampsMs[i]!;
        if (!isVisibleAt(latest, i, refT, oldestMs)) continue;
        if (keep !== undefined && !keep(values[i]!)) continue;
        out.push({ metric: labels[i]!, value: values[i]!, dropName: false });
        timestampsMs?.push(ts);
      }
      return out;
    }
    for (const series of this.#load(selector)) {
      const i = lastIndexAtOrBefore(series.timestampsMs, refT);
      if (i < 0) continue;
      const ts = series.timestampsMs[i]!;
      if (ts <= oldestMs || series.stale?.[i] === true) continue;
      if (keep !== undefined && !keep(series.values[i]!)) continue;
      out.push({ metric: series.labels, value: series.values[i]!, dropName: false });
      timestampsMs?.push(ts);
    }
    return out;
  }

  #selectRange(m: MatrixSelector, t: number): WindowedMatrix {
    const [endMs] = this.#shift(m.selector.at, m.selector.offset, t, t);
    const startMs = endMs - this.durationMs(m.range);
    const series: RangeSeries[] = [];
    for (const stored of this.#load(m.selector)) {
      const ts = stored.timestampsMs;
      const last = lastIndexAtOrBefore(ts, endMs);
      const timestampsMs: number[] = [];
      const values: number[] = [];
      for (let i = lastIndexAtOrBefore(ts, startMs) + 1; i <= last; i++) {
        if (stored.stale?.[i] === true) continue;
        timestampsMs.push(ts[i]!);
        values.push(stored.values[i]!);
      }
      if (values.length > 0) series.push({ metric: stored.labels, timestampsMs, values, dropName: false });
    }
    return { series, window: { startMs, endMs, evalTimeMs: t } };
  }

  #subquery(sq: Subquery, t: number): WindowedMatrix {
    const [endMs] = this.#shift(sq.at, sq.offset, t, t);
    const startMs = endMs - this.durationMs(sq.range);
    const stepMs = sq.step === undefined ? this.subqueryStepMs : this.durationMs(sq.step);
    if (stepMs <= 0) failExecution("zero or negative subquery step");
    let memo = this.#subqueryMemo.get(sq);
    if (memo === undefined) {
      memo = new Map();
      this.#subqueryMemo.set(sq, memo);
    }
    const bySeries = new Map<string, RangeSeries>();
    for (let ti = Math.floor(startMs / stepMs) * stepMs + stepMs; ti <= endMs; ti += stepMs) {
      let value = memo.get(ti);
      if (value === undefined) {
        value = this.eval(sq.expr, ti);
        memo.set(ti, value);
      }
      for (const s of asVector(value)) appendPoint(bySeries, s, ti);
    }
    return { series: [...bySeries.values()], window: { startMs, endMs, evalTimeMs: t } };
  }

  /** A range-vector-valued expression (matrix selector or subquery, possibly parenthesized). */
  evalMatrix(expr: Expr, t: number): WindowedMatrix {
    switch (expr.type) {
      case "MatrixSelector":
        return this.#selectRange(expr, t);
      case "Subquery":
        return this.#subquery(expr, t);
      case "Paren":
        return this.evalMatrix(expr.expr, t);
      default:
        return failExecution(`expected range vector, got ${expr.type}`);
    }
  }

  evalScalar(expr: Expr, t: number): number {
    const value = this.eval(expr, t);
    if (value.type !== "scalar") return failExecution(`expected scalar, got ${value.type}`);
    return value.value;
  }

  evalVector(expr: Expr, t: number): readonly Sample[] {
    return asVector(this.eval(expr, t));
  }

  eval(expr: Expr, t: number): EvalValue {
    switch (expr.type) {
      case "NumberLiteral":
        return { type: "scalar", value: expr.value };
      case "StringLiteral":
        return { type: "string", value: expr.value };
      case "Paren":
        return this.eval(expr.expr, t);
      case "VectorSelector":
        return { type: "vector", samples: this.#instantVector(expr, t) };
      case "MatrixSelector":
      case "Subquery":
        return { type: "matrix", series: this.evalMatrix(expr, t).series };
      case "Unary": {
        const value = this.eval(expr.expr, t);
        if (expr.op === "+") return value;
        if (value.type === "scalar") return { type: "scalar", value: -value.value };
        return {
          type: "vector",
          samples: asVector(value).map((s) => ({ metric: s.metric, value: -s.value, dropName: true })),
        };
      }
      case "Binary":
        return this.#binary(expr, t);
      case "Aggregate": {
        const param =
          expr.param === undefined
            ? undefined
            : expr.op === "count_values"
              ? (this.eval(expr.param, t) as { value: string }).value
              : this.evalScalar(expr.param, t);
        if (isReducing(expr)) {
          const whole = this.#wholeLatest(expr.expr, t);
          if (whole !== undefined) {
            const samples = aggregateSelection(expr, whole.labels, whole.values, param as number, this.ctx);
            return { type: "vector", samples };
          }
        }
        const samples = this.evalVector(expr.expr, t);
        return {
          type: "vector",
          samples: aggregate(
            expr.op,
            samples,
            param,
            { labels: expr.grouping, without: expr.without },
            this.ctx,
            expr.param?.span,
          ),
        };
      }
      case "Call":
        return callFunction(expr, t, this);
    }
  }

  #binary(expr: Extract<Expr, { type: "Binary" }>, t: number): EvalValue {
    const filtered = this.#filteredSelector(expr, t);
    if (filtered !== undefined) return { type: "vector", samples: filtered };
    const lhs = this.eval(expr.lhs, t);
    const rhs = this.eval(expr.rhs, t);
    if (lhs.type === "scalar" && rhs.type === "scalar") {
      return { type: "scalar", value: applyScalarOp(expr.op, lhs.value, rhs.value) };
    }
    if (lhs.type === "scalar") {
      return {
        type: "vector",
        samples: applyVectorScalar(expr.op, asVector(rhs), lhs.value, true, expr.returnBool),
      };
    }
    if (rhs.type === "scalar") {
      return {
        type: "vector",
        samples: applyVectorScalar(expr.op, asVector(lhs), rhs.value, false, expr.returnBool),
      };
    }
    const matching = expr.matching!;
    if (expr.op === "and" || expr.op === "or" || expr.op === "unless") {
      return { type: "vector", samples: applySetOp(expr.op, asVector(lhs), asVector(rhs), matching) };
    }
    return {
      type: "vector",
      samples: applyVectorVector(expr.op, asVector(lhs), asVector(rhs), matching, expr.returnBool),
    };
  }

  /**
   * A comparison without `bool` between an instant selector and a number, the usual alerting rule
   * (`errors_ratio > 0.05`): the selector's series are filtered as they are read, so that only those that
   * pass become samples. Undefined for any other expression.
   */
  #filteredSelector(expr: Extract<Expr, { type: "Binary" }>, t: number): Sample[] | undefined {
    const { op, lhs, rhs } = expr;
    if (!isComparison(op) || expr.returnBool) return undefined;
    if (lhs.type === "VectorSelector" && rhs.type === "NumberLiteral") {
      const number = rhs.value;
      return this.#instantVector(lhs, t, undefined, (value) => applyScalarOp(op, value, number) === 1);
    }
    if (lhs.type === "NumberLiteral" && rhs.type === "VectorSelector") {
      const number = lhs.value;
      return this.#instantVector(rhs, t, undefined, (value) => applyScalarOp(op, number, value) === 1);
    }
    return undefined;
  }
}

/** Whether the i-th newest sample is the series' value at `refT`: within the lookback and not a staleness marker. */
function isVisibleAt(latest: LatestSamples, i: number, refT: number, oldestMs: number): boolean {
  const ts = latest.timestampsMs[i]!;
  return ts > oldestMs && ts <= refT && latest.stale?.[i] !== true;
}

function asVector(value: EvalValue): readonly Sample[] {
  if (value.type !== "vector") return failExecution(`expected instant vector, got ${value.type}`);
  return value.samples;
}

function appendPoint(bySeries: Map<string, RangeSeries>, s: Sample, t: number): void {
  const key = labelsKey(s.metric);
  let series = bySeries.get(key);
  if (series === undefined) {
    series = { metric: s.metric, timestampsMs: [], values: [], dropName: s.dropName };
    bySeries.set(key, series);
  }
  series.timestampsMs.push(t);
  series.values.push(s.value);
}

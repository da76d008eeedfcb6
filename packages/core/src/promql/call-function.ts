import type { Call, Expr } from "./ast.js";
import type { Evaluator } from "./evaluator.js";
import { formatValue } from "./format-value.js";
import { UNSUPPORTED_FUNCTIONS } from "./function-signatures.js";
import { histogramQuantile } from "./histogram-quantile.js";
import { labelJoin, labelReplace } from "./label-functions.js";
import { compareLabels, type Labels, METRIC_NAME_LABEL } from "./labels.js";
import { naturalCompare } from "./natural-compare.js";
import { failExecution, failUnsupported } from "./promql-error.js";
import { NAME_KEEPING_RANGE_FUNCTIONS, RANGE_FUNCTIONS } from "./range-functions.js";
import type { EvalValue, Sample } from "./values.js";
import { mapValues, VALUE_FUNCTIONS } from "./vector-functions.js";

const COUNTER_SUFFIXES = ["_total", "_sum", "_count", "_bucket"];

function unwrapParens(expr: Expr): Expr {
  return expr.type === "Paren" ? unwrapParens(expr.expr) : expr;
}

function wrapVector(samples: readonly Sample[]): EvalValue {
  return { type: "vector", samples };
}

function stringArg(ev: Evaluator, expr: Expr, t: number): string {
  const value = ev.eval(expr, t);
  if (value.type !== "string") return failExecution(`expected string, got ${value.type}`);
  return value.value;
}

/** Labels `absent()` reports: the equality matchers of the selector, except the metric name. */
function absentLabels(expr: Expr): Labels {
  const inner = unwrapParens(expr);
  const selector =
    inner.type === "VectorSelector" ? inner : inner.type === "MatrixSelector" ? inner.selector : undefined;
  if (selector === undefined) return {};
  const out: Record<string, string> = {};
  const has = new Set<string>();
  for (const m of selector.matchers) {
    if (m.name === METRIC_NAME_LABEL) continue;
    if (m.type === "=" && !has.has(m.name)) {
      out[m.name] = m.value;
      has.add(m.name);
    } else {
      delete out[m.name];
    }
  }
  return out;
}

function sortByValue(samples: readonly Sample[], descending: boolean): Sample[] {
  return [...samples].sort((a, b) => {
    if (Number.isNaN(a.value)) return Number.isNaN(b.value) ? 0 : 1;
    if (Number.isNaN(b.value)) return -1;
    return descending ? b.value - a.value : a.value - b.value;
  });
}

function sortByLabels(samples: readonly Sample[], labels: readonly string[], descending: boolean): Sample[] {
  const sign = descending ? -1 : 1;
  return [...samples].sort((a, b) => {
    for (const label of labels) {
      const c = naturalCompare(a.metric[label] ?? "", b.metric[label] ?? "");
      if (c !== 0) return sign * c;
    }
    return sign * compareLabels(a.metric, b.metric);
  });
}

/** Evaluates a function call at one step. */
export function callFunction(call: Call, t: number, ev: Evaluator): EvalValue {
  const name = call.func;
  const args = call.args;
  if (UNSUPPORTED_FUNCTIONS.has(name))
    failUnsupported(`function ${name}() is not supported (native histograms / info)`);
  const scalarArg = (i: number): number => ev.evalScalar(args[i]!, t);
  if (name.startsWith("sort") && ev.ctx.stepMs > 0) {
    ev.ctx.annotations.warn(
      `sort is ineffective for range queries since results are always ordered by labels`,
      call.span,
    );
  }
  switch (name) {
    case "time":
      return { type: "scalar", value: t / 1000 };
    case "pi":
      return { type: "scalar", value: Math.PI };
    case "start":
      return { type: "scalar", value: ev.ctx.startMs / 1000 };
    case "end":
      return { type: "scalar", value: ev.ctx.endMs / 1000 };
    case "step":
      return { type: "scalar", value: ev.ctx.stepMs / 1000 };
    case "range":
      return { type: "scalar", value: (ev.ctx.endMs - ev.ctx.startMs) / 1000 };
    case "vector":
      return wrapVector([{ metric: {}, value: scalarArg(0), dropName: false }]);
    case "scalar": {
      const samples = ev.evalVector(args[0]!, t);
      return { type: "scalar", value: samples.length === 1 ? samples[0]!.value : Number.NaN };
    }
    case "absent":
      return wrapVector(
        ev.evalVector(args[0]!, t).length > 0
          ? []
          : [{ metric: absentLabels(args[0]!), value: 1, dropName: false }],
      );
    case "absent_over_time":
      return wrapVector(
        ev.evalMatrix(args[0]!, t).series.length > 0
          ? []
          : [{ metric: absentLabels(args[0]!), value: 1, dropName: false }],
      );
    case "timestamp": {
      const inner = unwrapParens(args[0]!);
      if (inner.type === "VectorSelector") {
        return wrapVector(
          ev.selectInstant(inner, t).map(({ sample, timestampMs }) => ({
            metric: sample.metric,
            value: timestampMs / 1000,
            dropName: true,
          })),
        );
      }
      return wrapVector(
        ev.evalVector(inner, t).map((s) => ({ metric: s.metric, value: t / 1000, dropName: true })),
      );
    }
    case "label_replace":
      return wrapVector(
        labelReplace(
          ev.evalVector(args[0]!, t),
          stringArg(ev, args[1]!, t),
          stringArg(ev, args[2]!, t),
          stringArg(ev, args[3]!, t),
          stringArg(ev, args[4]!, t),
        ),
      );
    case "label_join":
      return wrapVector(
        labelJoin(
          ev.evalVector(args[0]!, t),
          stringArg(ev, args[1]!, t),
          stringArg(ev, args[2]!, t),
          args.slice(3).map((a) => stringArg(ev, a, t)),
        ),
      );
    case "sort":
    case "sort_desc":
      return wrapVector(sortByValue(ev.evalVector(args[0]!, t), name === "sort_desc"));
    case "sort_by_label":
    case "sort_by_label_desc":
      return wrapVector(
        sortByLabels(
          ev.evalVector(args[0]!, t),
          args.slice(1).map((a) => stringArg(ev, a, t)),
          name === "sort_by_label_desc",
        ),
      );
    case "histogram_quantile":
      return wrapVector(
        histogramQuantile(scalarArg(0), ev.evalVector(args[1]!, t), ev.ctx, call.args[0]!.span),
      );
    default:
      break;
  }
  const mapper = VALUE_FUNCTIONS.get(name);
  if (mapper !== undefined) {
    const input: readonly Sample[] =
      args.length === 0 ? [{ metric: {}, value: t / 1000, dropName: false }] : ev.evalVector(args[0]!, t);
    return wrapVector(
      mapValues(
        input,
        mapper,
        args.slice(1).map((_, i) => scalarArg(i + 1)),
      ),
    );
  }
  const rangeFn = RANGE_FUNCTIONS.get(name);
  if (rangeFn !== undefined) return wrapVector(callRangeFunction(call, t, ev));
  return failExecution(`unknown function ${name}`);
}

function callRangeFunction(call: Call, t: number, ev: Evaluator): Sample[] {
  const name = call.func;
  const rangeFn = RANGE_FUNCTIONS.get(name)!;
  const matrixIndex = name === "quantile_over_time" ? 1 : 0;
  const params = call.args.flatMap((a, i) => (i === matrixIndex ? [] : [ev.evalScalar(a, t)]));
  if (name === "quantile_over_time") {
    const q = params[0]!;
    if (Number.isNaN(q) || q < 0 || q > 1) {
      ev.ctx.annotations.warn(
        `quantile value should be between 0 and 1, got ${formatValue(q)}`,
        call.args[0]!.span,
      );
    }
  }
  const { series, window } = ev.evalMatrix(call.args[matrixIndex]!, t);
  const keepsName = NAME_KEEPING_RANGE_FUNCTIONS.has(name);
  const out: Sample[] = [];
  for (const s of series) {
    const value = rangeFn(s, window, params);
    if (value === undefined) continue;
    out.push({ metric: s.metric, value, dropName: keepsName ? s.dropName : true });
  }
  if ((name === "rate" || name === "increase") && unwrapParens(call.args[0]!).type === "MatrixSelector") {
    const metricName = series[0]?.metric[METRIC_NAME_LABEL];
    if (metricName !== undefined && !COUNTER_SUFFIXES.some((suffix) => metricName.endsWith(suffix))) {
      ev.ctx.annotations.info(
        `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "${metricName}"`,
        call.args[0]!.span,
      );
    }
  }
  return out;
}

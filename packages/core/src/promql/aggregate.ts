import type { AggregateOp, Span } from "./ast.js";
import type { EvalContext } from "./eval-context.js";
import { formatValue } from "./format-value.js";
import { hashLabelsToUnit } from "./hash-labels.js";
import { aggregateMeanOf, quantileOf, sumOf, varianceOf } from "./kahan-sum.js";
import { type Labels, labelsKey, labelsKeyOn, labelsKeyWithout, METRIC_NAME_LABEL } from "./labels.js";
import { failExecution } from "./promql-error.js";
import type { Sample } from "./values.js";

export type Grouping = { readonly labels: readonly string[]; readonly without: boolean };

type Group = { readonly metric: Labels; readonly members: Sample[]; dropName: boolean };

function computeGroupMetric(metric: Labels, grouping: Grouping): Labels {
  const out: Record<string, string> = {};
  if (grouping.without) {
    const excluded = new Set([...grouping.labels, METRIC_NAME_LABEL]);
    for (const [name, value] of Object.entries(metric)) if (!excluded.has(name)) out[name] = value;
  } else {
    for (const name of grouping.labels) {
      const value = metric[name];
      if (value !== undefined && value !== "") out[name] = value;
    }
  }
  return out;
}

/** A key per group label set; `by` one label (the common case) keys by its value alone. */
function groupKeyOf(grouping: Grouping): (metric: Labels) => string {
  const names = grouping.labels;
  if (grouping.without) return (metric) => labelsKeyWithout(metric, names);
  const [only] = names;
  if (names.length === 1 && only !== undefined) return (metric) => metric[only] ?? "";
  return (metric) => labelsKeyOn(metric, names);
}

function groupSamples(samples: readonly Sample[], grouping: Grouping): Group[] {
  const groups = new Map<string, Group>();
  const keyOf = groupKeyOf(grouping);
  for (const s of samples) {
    // Equal keys mean equal group label sets, so the set is only built for a group's first sample.
    const key = keyOf(s.metric);
    let group = groups.get(key);
    if (group === undefined) {
      group = { metric: computeGroupMetric(s.metric, grouping), members: [], dropName: false };
      groups.set(key, group);
    }
    // A name kept by `by (__name__)` still goes away later if the input was due to lose it.
    if (s.dropName && METRIC_NAME_LABEL in group.metric) group.dropName = true;
    group.members.push(s);
  }
  return [...groups.values()];
}

/** Evaluates one aggregation at one step. `param` is the evaluated first argument, if the op has one. */
export function aggregate(
  op: AggregateOp,
  samples: readonly Sample[],
  param: number | string | undefined,
  grouping: Grouping,
  ctx: EvalContext,
  paramSpan?: Span,
): Sample[] {
  switch (op) {
    case "topk":
    case "bottomk":
    case "limitk":
      return selectK(op, samples, param as number, grouping);
    case "limit_ratio":
      return limitRatio(samples, param as number, grouping, ctx, paramSpan);
    case "count_values":
      return countValues(samples, param as string, grouping);
    default: {
      if (op === "quantile") {
        const q = param as number;
        if (Number.isNaN(q) || q < 0 || q > 1)
          ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatValue(q)}`, paramSpan);
      }
      return groupSamples(samples, grouping).map((g) => ({
        metric: g.metric,
        value: reduceGroup(
          op,
          g.members.map((s) => s.value),
          param as number,
        ),
        dropName: g.dropName,
      }));
    }
  }
}

function reduceGroup(op: AggregateOp, values: number[], param: number): number {
  switch (op) {
    case "sum":
      return sumOf(values);
    case "avg":
      return aggregateMeanOf(values);
    case "count":
      return values.length;
    case "group":
      return 1;
    case "min":
      return values.reduce((acc, v) => (acc > v || Number.isNaN(acc) ? v : acc));
    case "max":
      return values.reduce((acc, v) => (acc < v || Number.isNaN(acc) ? v : acc));
    case "stdvar":
      return varianceOf(values);
    case "stddev":
      return Math.sqrt(varianceOf(values));
    case "quantile":
      return quantileOf(param, values);
    default:
      return failExecution(`unexpected aggregation ${op}`);
  }
}

function kFromParam(param: number): number {
  if (Number.isNaN(param)) failExecution("Parameter value is NaN");
  if (param >= Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  return Math.trunc(param);
}

/** NaN ranks below every number for topk and above every number for bottomk. */
function compareForK(op: "topk" | "bottomk", a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return op === "topk" ? b - a || 0 : a - b || 0;
}

function selectK(
  op: "topk" | "bottomk" | "limitk",
  samples: readonly Sample[],
  param: number,
  grouping: Grouping,
) {
  const k = kFromParam(param);
  if (k < 1) return [];
  const out: Sample[] = [];
  for (const group of groupSamples(samples, grouping)) {
    const members =
      op === "limitk" ? group.members : [...group.members].sort((a, b) => compareForK(op, a.value, b.value));
    out.push(...members.slice(0, k));
  }
  return out;
}

function limitRatio(
  samples: readonly Sample[],
  ratio: number,
  grouping: Grouping,
  ctx: EvalContext,
  paramSpan: Span | undefined,
): Sample[] {
  if (Number.isNaN(ratio)) failExecution("Ratio value is NaN");
  let r = ratio;
  if (r > 1 || r < -1) {
    ctx.annotations.warn(
      `ratio value should be between -1 and 1, got ${formatValue(r)}, capping to ${r > 1 ? 1 : -1}`,
      paramSpan,
    );
    r = r > 1 ? 1 : -1;
  }
  return groupSamples(samples, grouping).flatMap((g) =>
    g.members.filter((s) => {
      const offset = hashLabelsToUnit(s.metric);
      return r >= 0 ? offset < r : offset >= 1 + r;
    }),
  );
}

function countValues(samples: readonly Sample[], label: string, grouping: Grouping): Sample[] {
  if (label === "" || label.includes("\uFFFD")) failExecution(`invalid label name ${JSON.stringify(label)}`);
  const counts = new Map<string, { metric: Labels; count: number }>();
  for (const s of samples) {
    const base = computeGroupMetric(s.metric, grouping);
    const metric = { ...base, [label]: formatValue(s.value) };
    const key = labelsKey(metric);
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { metric, count: 1 });
    else entry.count++;
  }
  return [...counts.values()].map((e) => ({ metric: e.metric, value: e.count, dropName: false }));
}

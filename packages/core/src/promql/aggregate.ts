import type { Aggregate, AggregateOp, Span } from "./ast.js";
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

/** Which group each label set falls in (groups numbered in order of their first member), and each group's label set. */
type GroupIndex = { readonly groupOf: Int32Array; readonly metrics: readonly Labels[] };

function indexGroups(metrics: readonly Labels[], grouping: Grouping): GroupIndex {
  const ids = new Map<string, number>();
  const keyOf = groupKeyOf(grouping);
  const groupOf = new Int32Array(metrics.length);
  const groupMetrics: Labels[] = [];
  for (let i = 0; i < metrics.length; i++) {
    // Equal keys mean equal group label sets, so the set is only built for a group's first member.
    const key = keyOf(metrics[i]!);
    let id = ids.get(key);
    if (id === undefined) {
      id = groupMetrics.length;
      ids.set(key, id);
      groupMetrics.push(computeGroupMetric(metrics[i]!, grouping));
    }
    groupOf[i] = id;
  }
  return { groupOf, metrics: groupMetrics };
}

function groupSamples(samples: readonly Sample[], grouping: Grouping): Group[] {
  const { groupOf, metrics } = indexGroups(
    samples.map((s) => s.metric),
    grouping,
  );
  const groups: Group[] = metrics.map((metric) => ({ metric, members: [], dropName: false }));
  samples.forEach((s, i) => {
    const group = groups[groupOf[i]!]!;
    // A name kept by `by (__name__)` still goes away later if the input was due to lose it.
    if (s.dropName && METRIC_NAME_LABEL in group.metric) group.dropName = true;
    group.members.push(s);
  });
  return groups;
}

/** An aggregation that reduces each group to one value. */
export type ReducingAggregate = Aggregate & {
  readonly op: Exclude<AggregateOp, "topk" | "bottomk" | "limitk" | "limit_ratio" | "count_values">;
};

export function isReducing(expr: Aggregate): expr is ReducingAggregate {
  const { op } = expr;
  return (
    op !== "topk" && op !== "bottomk" && op !== "limitk" && op !== "limit_ratio" && op !== "count_values"
  );
}

// The groups of an aggregation over a selector, kept with the store's label array they were made from:
// while the store hands out the same array (no series came or went), its series fall in the same groups.
const selectionGroups = new WeakMap<Aggregate, { labels: readonly Labels[]; index: GroupIndex }>();

/**
 * A reducing aggregation of a selector's samples given side by side, one per label set of the store's
 * `labels` (none left out). Groups are read from the labels once per selection, not every round.
 */
export function aggregateSelection(
  expr: ReducingAggregate,
  labels: readonly Labels[],
  values: ArrayLike<number>,
  param: number,
  ctx: EvalContext,
): Sample[] {
  let cached = selectionGroups.get(expr);
  if (cached?.labels !== labels) {
    cached = { labels, index: indexGroups(labels, { labels: expr.grouping, without: expr.without }) };
    selectionGroups.set(expr, cached);
  }
  warnOfQuantile(expr.op, param, ctx, expr.param?.span);
  const { groupOf, metrics } = cached.index;
  const members: number[][] = metrics.map(() => []);
  for (let i = 0; i < values.length; i++) members[groupOf[i]!]!.push(values[i]!);
  return metrics.map((metric, group) => ({
    metric,
    value: reduceGroup(expr.op, members[group]!, param),
    dropName: false,
  }));
}

function warnOfQuantile(op: AggregateOp, q: number, ctx: EvalContext, paramSpan: Span | undefined): void {
  if (op === "quantile" && (Number.isNaN(q) || q < 0 || q > 1))
    ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatValue(q)}`, paramSpan);
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
      warnOfQuantile(op, param as number, ctx, paramSpan);
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

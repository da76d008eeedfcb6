import type { ValueType } from "./ast.js";

/** Argument types of a PromQL function; `minArgs` below `argTypes.length` makes the tail optional. */
export type FunctionSignature = {
  readonly argTypes: readonly ValueType[];
  readonly minArgs: number;
  /** The last argument type may repeat without limit. */
  readonly isVariadic: boolean;
  readonly returns: ValueType;
};

function sig(
  argTypes: readonly ValueType[],
  returns: ValueType,
  minArgs = argTypes.length,
  isVariadic = false,
) {
  return { argTypes, minArgs, isVariadic, returns };
}

const V: ValueType = "vector";
const M: ValueType = "matrix";
const S: ValueType = "scalar";
const STR: ValueType = "string";

const MATH = [
  "abs",
  "ceil",
  "floor",
  "exp",
  "sqrt",
  "ln",
  "log2",
  "log10",
  "sgn",
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "cos",
  "cosh",
  "sin",
  "sinh",
  "tan",
  "tanh",
  "deg",
  "rad",
];
const OVER_TIME = [
  "avg_over_time",
  "count_over_time",
  "max_over_time",
  "min_over_time",
  "sum_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "last_over_time",
  "first_over_time",
  "mad_over_time",
  "present_over_time",
  "ts_of_first_over_time",
  "ts_of_last_over_time",
  "ts_of_max_over_time",
  "ts_of_min_over_time",
  "changes",
  "resets",
  "delta",
  "deriv",
  "idelta",
  "increase",
  "irate",
  "rate",
];
const DATE = [
  "day_of_month",
  "day_of_week",
  "day_of_year",
  "days_in_month",
  "hour",
  "minute",
  "month",
  "year",
];

/** Every function the engine knows, including the ones it reports as unsupported. */
export const FUNCTION_SIGNATURES: ReadonlyMap<string, FunctionSignature> = new Map<string, FunctionSignature>(
  [
    ...MATH.map((name) => [name, sig([V], V)] as const),
    ...OVER_TIME.map((name) => [name, sig([M], V)] as const),
    ...DATE.map((name) => [name, sig([V], V, 0)] as const),
    ["absent", sig([V], V)],
    ["absent_over_time", sig([M], V)],
    ["quantile_over_time", sig([S, M], V)],
    ["predict_linear", sig([M, S], V)],
    ["double_exponential_smoothing", sig([M, S, S], V)],
    ["clamp", sig([V, S, S], V)],
    ["clamp_max", sig([V, S], V)],
    ["clamp_min", sig([V, S], V)],
    ["round", sig([V, S], V, 1)],
    ["label_replace", sig([V, STR, STR, STR, STR], V)],
    ["label_join", sig([V, STR, STR, STR], V, 3, true)],
    ["histogram_quantile", sig([S, V], V)],
    ["histogram_avg", sig([V], V)],
    ["histogram_count", sig([V], V)],
    ["histogram_sum", sig([V], V)],
    ["histogram_stddev", sig([V], V)],
    ["histogram_stdvar", sig([V], V)],
    ["histogram_fraction", sig([S, S, V], V)],
    ["info", sig([V, V], V, 1)],
    ["sort", sig([V], V)],
    ["sort_desc", sig([V], V)],
    ["sort_by_label", sig([V, STR], V, 1, true)],
    ["sort_by_label_desc", sig([V, STR], V, 1, true)],
    ["scalar", sig([V], S)],
    ["vector", sig([S], V)],
    ["timestamp", sig([V], V)],
    ["time", sig([], S)],
    ["pi", sig([], S)],
    ["start", sig([], S)],
    ["end", sig([], S)],
    ["step", sig([], S)],
    ["range", sig([], S)],
  ],
);

/** Functions whose semantics depend on native histograms or other features Orbt leaves out. */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  "info",
  "histogram_avg",
  "histogram_count",
  "histogram_sum",
  "histogram_stddev",
  "histogram_stdvar",
  "histogram_fraction",
]);

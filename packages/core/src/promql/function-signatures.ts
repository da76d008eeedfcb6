import type { ValueType } from "./ast.js";

/** Argument types of a PromQL function; `minArgs` below `argTypes.length` makes the tail optional. */
export type FunctionSignature = {
  readonly argTypes: readonly ValueType[];
  readonly minArgs: number;
  /** The last argument type may repeat without limit. */
  readonly isVariadic: boolean;
  readonly returns: ValueType;
};

function defineSignature(
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
    ...MATH.map((name) => [name, defineSignature([V], V)] as const),
    ...OVER_TIME.map((name) => [name, defineSignature([M], V)] as const),
    ...DATE.map((name) => [name, defineSignature([V], V, 0)] as const),
    ["absent", defineSignature([V], V)],
    ["absent_over_time", defineSignature([M], V)],
    ["quantile_over_time", defineSignature([S, M], V)],
    ["predict_linear", defineSignature([M, S], V)],
    ["double_exponential_smoothing", defineSignature([M, S, S], V)],
    ["clamp", defineSignature([V, S, S], V)],
    ["clamp_max", defineSignature([V, S], V)],
    ["clamp_min", defineSignature([V, S], V)],
    ["round", defineSignature([V, S], V, 1)],
    ["label_replace", defineSignature([V, STR, STR, STR, STR], V)],
    ["label_join", defineSignature([V, STR, STR, STR], V, 3, true)],
    ["histogram_quantile", defineSignature([S, V], V)],
    ["histogram_avg", defineSignature([V], V)],
    ["histogram_count", defineSignature([V], V)],
    ["histogram_sum", defineSignature([V], V)],
    ["histogram_stddev", defineSignature([V], V)],
    ["histogram_stdvar", defineSignature([V], V)],
    ["histogram_fraction", defineSignature([S, S, V], V)],
    ["info", defineSignature([V, V], V, 1)],
    ["sort", defineSignature([V], V)],
    ["sort_desc", defineSignature([V], V)],
    ["sort_by_label", defineSignature([V, STR], V, 1, true)],
    ["sort_by_label_desc", defineSignature([V, STR], V, 1, true)],
    ["scalar", defineSignature([V], S)],
    ["vector", defineSignature([S], V)],
    ["timestamp", defineSignature([V], V)],
    ["time", defineSignature([], S)],
    ["pi", defineSignature([], S)],
    ["start", defineSignature([], S)],
    ["end", defineSignature([], S)],
    ["step", defineSignature([], S)],
    ["range", defineSignature([], S)],
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

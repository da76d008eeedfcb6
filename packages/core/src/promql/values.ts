import type { Labels } from "./labels.js";

/** One element of an instant vector while evaluating. `dropName`: the metric name goes at the end. */
export type Sample = { readonly metric: Labels; readonly value: number; readonly dropName: boolean };

/** One series of a range vector while evaluating; timestamps and values side by side. */
export type RangeSeries = {
  readonly metric: Labels;
  readonly timestampsMs: number[];
  readonly values: number[];
  readonly dropName: boolean;
};

/** An intermediate value of the evaluator. */
export type EvalValue =
  | { readonly type: "vector"; readonly samples: readonly Sample[] }
  | { readonly type: "matrix"; readonly series: readonly RangeSeries[] }
  | { readonly type: "scalar"; readonly value: number }
  | { readonly type: "string"; readonly value: string };

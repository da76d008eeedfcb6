import type { EvaluateOptions } from "../promql/evaluator.js";
import type { Labels } from "../promql/labels.js";

/** Settings every rule of a group is evaluated with. */
export type RuleContext = {
  readonly evaluate?: EvaluateOptions;
  readonly externalLabels?: Labels;
  readonly externalUrl?: string;
  /** Max series (recording) or alerts (alerting) per rule; 0 means none. */
  readonly limit?: number;
};

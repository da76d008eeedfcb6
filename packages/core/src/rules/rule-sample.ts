import type { Labels } from "../promql/labels.js";

/** A sample a rule evaluation produced, for the caller to append; `isStale` marks a vanished series. */
export type RuleSample = {
  readonly labels: Labels;
  readonly timestampMs: number;
  readonly value: number;
  readonly isStale?: boolean;
};

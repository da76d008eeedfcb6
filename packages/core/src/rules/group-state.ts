import type { Labels } from "../promql/labels.js";
import type { Alert } from "./alert.js";
import type { RuleGroup } from "./rule-group.js";

/**
 * What one rule remembers between evaluations: its alerts by label-set key (alerting rules only), the
 * series it wrote last time (to write staleness markers for those that vanish), and its last error.
 */
export type RuleState = {
  readonly alerts: Readonly<Record<string, Alert>>;
  readonly writtenSeries: Readonly<Record<string, Labels>>;
  readonly lastError: string | undefined;
};

/** One `RuleState` per rule of the group, in the group's order. */
export type GroupState = { readonly rules: readonly RuleState[] };

export function initialGroupState(group: RuleGroup): GroupState {
  return { rules: group.rules.map(() => ({ alerts: {}, writtenSeries: {}, lastError: undefined })) };
}

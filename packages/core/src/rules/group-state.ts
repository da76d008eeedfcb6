import type { Alert } from "./alert.js";
import type { RuleGroup } from "./rule-group.js";
import type { RuleSample } from "./rule-sample.js";

/** What a rule wrote at its last evaluation; `keys[i]` is the `labelsKey` of `samples[i].labels`. */
export type WrittenSeries = { readonly samples: readonly RuleSample[]; readonly keys: readonly string[] };

export const NOTHING_WRITTEN: WrittenSeries = { samples: [], keys: [] };

/**
 * What one rule remembers between evaluations: its alerts by label-set key (alerting rules only), the
 * series it wrote last time (to write staleness markers for those that vanish), and its last error.
 */
export type RuleState = {
  readonly alerts: ReadonlyMap<string, Alert>;
  readonly writtenSeries: WrittenSeries;
  readonly lastError: string | undefined;
};

/** One `RuleState` per rule of the group, in the group's order. */
export type GroupState = { readonly rules: readonly RuleState[] };

export function initialGroupState(group: RuleGroup): GroupState {
  return {
    rules: group.rules.map(() => ({
      alerts: new Map(),
      writtenSeries: NOTHING_WRITTEN,
      lastError: undefined,
    })),
  };
}

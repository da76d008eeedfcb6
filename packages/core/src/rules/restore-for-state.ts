import { type Labels, labelsKey } from "../promql/labels.js";
import type { GroupState } from "./group-state.js";
import type { RuleGroup } from "./rule-group.js";

/** The last ALERTS_FOR_STATE sample of the alert with `labels`: at `timestampMs` it had been active since `activeAtMs`. */
export type ForStateSample = {
  readonly labels: Labels;
  readonly timestampMs: number;
  readonly activeAtMs: number;
};

/** Prometheus's `--rules.alert.for-outage-tolerance` and `--rules.alert.for-grace-period`. */
export type ForStateRestoreOptions = { readonly outageToleranceMs: number; readonly gracePeriodMs: number };

const SECOND_MS = 1000;

/**
 * Prometheus's Group.RestoreForState at `nowMs`: each alert of the group with a sample in `saved` gets back the `for` progress it had when the process went down. A
 * sample older than the outage tolerance is ignored; rules whose `for` is shorter than the grace period are
 * left alone; an alert that would fire within the grace period is pushed back to fire at its end; otherwise
 * the downtime does not count as time spent pending.
 */
export function restoreForState(
  state: GroupState,
  group: RuleGroup,
  saved: readonly ForStateSample[],
  nowMs: number,
  options: ForStateRestoreOptions,
): GroupState {
  const samples = new Map(saved.map((sample) => [labelsKey(sample.labels), sample]));
  const rules = state.rules.map((ruleState, index) => {
    const rule = group.rules[index];
    if (rule?.kind !== "alerting" || rule.forMs < options.gracePeriodMs) return ruleState;
    const alerts = new Map(ruleState.alerts);
    for (const [key, alert] of ruleState.alerts) {
      const sample = samples.get(labelsKey(alert.labels));
      if (sample === undefined) continue;
      if (sample.timestampMs < nowMs - options.outageToleranceMs || sample.timestampMs > nowMs) continue;
      // ALERTS_FOR_STATE holds whole seconds, and Prometheus reads the sample's time in seconds too.
      const downAtMs = truncateToSecond(sample.timestampMs);
      const restoredActiveAtMs = truncateToSecond(sample.activeAtMs);
      const remainingMs = rule.forMs - (downAtMs - restoredActiveAtMs);
      let activeAtMs: number;
      if (remainingMs <= 0) activeAtMs = restoredActiveAtMs;
      else if (remainingMs < options.gracePeriodMs) activeAtMs = nowMs + options.gracePeriodMs - rule.forMs;
      else activeAtMs = restoredActiveAtMs + (nowMs - downAtMs);
      alerts.set(key, { ...alert, activeAtMs });
    }
    return { ...ruleState, alerts };
  });
  return { ...state, rules };
}

function truncateToSecond(ms: number): number {
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

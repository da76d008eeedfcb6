import { type Labels, labelsKey } from "../promql/labels.js";
import type { SeriesStore } from "../promql/series-store.js";
import type { Alert } from "./alert.js";
import { evaluateAlertingRule } from "./evaluate-alerting-rule.js";
import { evaluateRecordingRule } from "./evaluate-recording-rule.js";
import type { GroupState, RuleState } from "./group-state.js";
import { IndexedSeriesStore } from "./indexed-series-store.js";
import { OverlaySeriesStore } from "./overlay-series-store.js";
import type { RuleContext } from "./rule-context.js";
import type { RuleGroup } from "./rule-group.js";
import type { RuleSample } from "./rule-sample.js";

/** An alert together with the rule that owns it. */
export type RuleAlert = { readonly rule: string; readonly alert: Alert };

export type GroupEvaluation = {
  readonly state: GroupState;
  /** Every alert the group holds after this round: pending, firing, and resolved ones still retained. */
  readonly alerts: readonly RuleAlert[];
  /** Recording rules' samples, staleness markers included; the caller appends them. */
  readonly recordedSamples: readonly RuleSample[];
  /** ALERTS and ALERTS_FOR_STATE samples, staleness markers included; the caller appends them. */
  readonly alertSeries: readonly RuleSample[];
  readonly transitions: { readonly fired: readonly RuleAlert[]; readonly resolved: readonly RuleAlert[] };
  /** Rules whose evaluation failed this round, by index, with Prometheus's message. */
  readonly errors: readonly { readonly ruleIndex: number; readonly rule: string; readonly message: string }[];
};

/**
 * Evaluates every rule of a group at `timeMs`, in order, each rule seeing what the earlier ones wrote at
 * this instant, as Prometheus's Group.Eval does. Pure: the store is only read; samples come back.
 */
export function evaluateGroup(
  state: GroupState,
  group: RuleGroup,
  timeMs: number,
  store: SeriesStore,
  context: RuleContext = {},
): GroupEvaluation {
  const overlay = new OverlaySeriesStore(new IndexedSeriesStore(store));
  const ruleContext: RuleContext = { ...context, limit: group.limit };
  const rules: RuleState[] = [];
  const alerts: RuleAlert[] = [];
  const recordedSamples: RuleSample[] = [];
  const alertSeries: RuleSample[] = [];
  const fired: RuleAlert[] = [];
  const resolved: RuleAlert[] = [];
  const errors: GroupEvaluation["errors"][number][] = [];

  group.rules.forEach((rule, ruleIndex) => {
    const previous: RuleState = state.rules[ruleIndex] ?? {
      alerts: {},
      writtenSeries: {},
      lastError: undefined,
    };
    let next: RuleState;
    let written: readonly RuleSample[] = [];
    if (rule.kind === "recording") {
      const result = evaluateRecordingRule(rule, timeMs, overlay, ruleContext);
      if (result.ok) written = result.value;
      next = { ...previous, lastError: result.ok ? undefined : result.error.message };
    } else {
      const result = evaluateAlertingRule(rule, previous.alerts, timeMs, overlay, ruleContext);
      if (result.ok) {
        written = result.value.samples;
        fired.push(...result.value.fired.map((alert) => ({ rule: rule.name, alert })));
        resolved.push(...result.value.resolved.map((alert) => ({ rule: rule.name, alert })));
        next = { ...previous, alerts: result.value.alerts, lastError: undefined };
      } else if (result.error.code === "limit") {
        // Prometheus drops every alert of a rule over its limit; Orbt also reports the firing ones resolved,
        // so no symptom outlives its alert.
        for (const alert of Object.values(previous.alerts)) {
          if (alert.state === "firing") {
            resolved.push({ rule: rule.name, alert: { ...alert, state: "inactive", resolvedAtMs: timeMs } });
          }
        }
        next = { ...previous, alerts: {}, lastError: result.error.message };
      } else {
        next = { ...previous, lastError: result.error.message };
      }
    }
    if (next.lastError !== undefined) {
      errors.push({ ruleIndex, rule: rule.name, message: next.lastError });
      rules.push(next);
    } else {
      const markers = staleMarkers(previous.writtenSeries, written, timeMs);
      const out = rule.kind === "recording" ? recordedSamples : alertSeries;
      out.push(...written, ...markers);
      overlay.add(written);
      overlay.add(markers);
      rules.push({ ...next, writtenSeries: indexSeries(written) });
    }
    if (rule.kind === "alerting") {
      for (const alert of Object.values(rules[ruleIndex]!.alerts)) alerts.push({ rule: rule.name, alert });
    }
  });
  return { state: { rules }, alerts, recordedSamples, alertSeries, transitions: { fired, resolved }, errors };
}

function indexSeries(samples: readonly RuleSample[]): Record<string, Labels> {
  const out: Record<string, Labels> = {};
  for (const s of samples) out[labelsKey(s.labels)] = s.labels;
  return out;
}

function staleMarkers(
  previous: Readonly<Record<string, Labels>>,
  written: readonly RuleSample[],
  timeMs: number,
): RuleSample[] {
  const now = new Set(written.map((s) => labelsKey(s.labels)));
  return Object.entries(previous)
    .filter(([key]) => !now.has(key))
    .map(([, labels]) => ({ labels, timestampMs: timeMs, value: Number.NaN, isStale: true }));
}

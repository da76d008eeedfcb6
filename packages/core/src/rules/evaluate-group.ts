import type { SeriesStore } from "../promql/series-store.js";
import type { Alert } from "./alert.js";
import { ALERT_SERIES_NAMES } from "./alert-series-labels.js";
import { evaluateAlertingRule } from "./evaluate-alerting-rule.js";
import { evaluateRecordingRule } from "./evaluate-recording-rule.js";
import { type GroupState, NOTHING_WRITTEN, type RuleState, type WrittenSeries } from "./group-state.js";
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
  const overlay = new OverlaySeriesStore(store);
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
      alerts: new Map(),
      writtenSeries: NOTHING_WRITTEN,
      lastError: undefined,
    };
    let next: RuleState;
    let written: readonly RuleSample[] = [];
    let writtenKeys: readonly string[] = [];
    if (rule.kind === "recording") {
      const result = evaluateRecordingRule(rule, timeMs, overlay, ruleContext);
      if (result.ok) ({ samples: written, keys: writtenKeys } = result.value);
      next = { ...previous, lastError: result.ok ? undefined : result.error.message };
    } else {
      const result = evaluateAlertingRule(rule, previous.alerts, timeMs, overlay, ruleContext);
      if (result.ok) {
        written = result.value.samples;
        writtenKeys = result.value.sampleKeys;
        for (const alert of result.value.fired) fired.push({ rule: rule.name, alert });
        for (const alert of result.value.resolved) resolved.push({ rule: rule.name, alert });
        next = { alerts: result.value.alerts, writtenSeries: previous.writtenSeries, lastError: undefined };
      } else if (result.error.code === "limit") {
        // Prometheus drops every alert of a rule over its limit; Orbt also reports the firing ones resolved,
        // so no symptom outlives its alert.
        for (const alert of previous.alerts.values()) {
          if (alert.state === "firing") {
            resolved.push({ rule: rule.name, alert: { ...alert, state: "inactive", resolvedAtMs: timeMs } });
          }
        }
        next = { ...previous, alerts: new Map(), lastError: result.error.message };
      } else {
        next = { ...previous, lastError: result.error.message };
      }
    }
    if (next.lastError !== undefined) {
      errors.push({ ruleIndex, rule: rule.name, message: next.lastError });
      rules.push(next);
    } else {
      const writtenSeries: WrittenSeries = { samples: written, keys: writtenKeys };
      const markers = staleMarkers(previous.writtenSeries, writtenSeries, timeMs);
      const out = rule.kind === "recording" ? recordedSamples : alertSeries;
      for (const s of written) out.push(s);
      for (const s of markers) out.push(s);
      // An alerting rule writes (and marks stale) only ALERTS and ALERTS_FOR_STATE.
      const names = rule.kind === "alerting" ? ALERT_SERIES_NAMES : undefined;
      overlay.add(written, names);
      overlay.add(markers, names);
      rules.push({ alerts: next.alerts, writtenSeries, lastError: undefined });
    }
    if (rule.kind === "alerting") {
      for (const alert of rules[ruleIndex]!.alerts.values()) alerts.push({ rule: rule.name, alert });
    }
  });
  return { state: { rules }, alerts, recordedSamples, alertSeries, transitions: { fired, resolved }, errors };
}

/** Staleness markers for the series written before and not now. */
function staleMarkers(previous: WrittenSeries, written: WrittenSeries, timeMs: number): RuleSample[] {
  // Round after round, a rule mostly writes the same series in the same order: nothing went.
  if (hasSameKeys(previous.keys, written.keys)) return [];
  const kept = new Set(written.keys);
  const markers: RuleSample[] = [];
  previous.keys.forEach((key, i) => {
    if (!kept.has(key)) {
      markers.push({
        labels: previous.samples[i]!.labels,
        timestampMs: timeMs,
        value: Number.NaN,
        isStale: true,
      });
    }
  });
  return markers;
}

function hasSameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

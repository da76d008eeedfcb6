import { describe, expect, it } from "vitest";
import { expandValues } from "../promql/conformance/expand-values.js";
import { labelsKey, METRIC_NAME_LABEL } from "../promql/labels.js";
import { MemorySeriesStore } from "../promql/memory-series-store.js";
import { parsePromql } from "../promql/parse.js";
import { evaluateGroup } from "./evaluate-group.js";
import { type GroupState, initialGroupState, NOTHING_WRITTEN } from "./group-state.js";
import { type ForStateSample, restoreForState } from "./restore-for-state.js";
import type { AlertingRule, RuleGroup } from "./rule-group.js";

const MIN = 60_000;
const OPTIONS = { outageToleranceMs: 30 * MIN, gracePeriodMs: 10 * MIN };

function alertingRule(forMs: number): AlertingRule {
  const query = 'http_requests{group="canary", job="app-server"} < 100';
  const parsed = parsePromql(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return {
    kind: "alerting",
    name: "HTTPRequestRateLow",
    expr: parsed.value.expr,
    query,
    forMs,
    keepFiringForMs: 0,
    labels: { severity: "critical" },
    annotations: {},
  };
}

function groupOf(rule: AlertingRule): RuleGroup {
  return { name: "default", intervalMs: 1000, limit: 0, rules: [rule] };
}

// Prometheus's TestForStateRestore data: `load 5m`, below 100 means the alert is active.
const store = new MemorySeriesStore();
for (const [instance, values] of [
  ["0", "75  85 50 0 0 25 0 0 40 0 120"],
  ["1", "125 90 60 0 0 25 0 0 40 0 130"],
] as const) {
  const labels = { __name__: "http_requests", job: "app-server", instance, group: "canary" };
  (expandValues(values) ?? []).forEach((v, i) => {
    if (v.kind === "value") store.append(labels, [{ timestampMs: i * 5 * MIN, value: v.value }]);
  });
}

/** Evaluates at `timesMs` as the group did before going down; returns each alert's last ALERTS_FOR_STATE sample. */
function runBeforeDown(group: RuleGroup, timesMs: readonly number[]): ForStateSample[] {
  let state: GroupState = initialGroupState(group);
  const last = new Map<string, ForStateSample>();
  for (const timeMs of timesMs) {
    const round = evaluateGroup(state, group, timeMs, store);
    state = round.state;
    for (const sample of round.alertSeries) {
      if (sample.labels[METRIC_NAME_LABEL] !== "ALERTS_FOR_STATE") continue;
      const { [METRIC_NAME_LABEL]: _name, ...labels } = sample.labels;
      if (sample.isStale === true) last.delete(labelsKey(labels));
      else
        last.set(labelsKey(labels), {
          labels,
          timestampMs: sample.timestampMs,
          activeAtMs: sample.value * 1000,
        });
    }
  }
  return [...last.values()];
}

/** A restarted group: one evaluation at `restartMs`, then the restore; activeAt by instance. */
function restartAt(group: RuleGroup, restartMs: number, saved: readonly ForStateSample[]) {
  const first = evaluateGroup(initialGroupState(group), group, restartMs, store);
  const restored = restoreForState(first.state, group, saved, restartMs, OPTIONS);
  return {
    state: restored,
    activeAtMs: Object.fromEntries(
      [...restored.rules[0]!.alerts.values()].map((alert) => [alert.labels.instance, alert.activeAtMs]),
    ),
  };
}

describe("restoreForState (Prometheus's TestForStateRestore)", () => {
  const rule = alertingRule(25 * MIN);
  const group = groupOf(rule);
  const savedAtFive = runBeforeDown(group, [0, 5 * MIN]);

  it("does not count the downtime as time spent pending", () => {
    // Down at 5m, back at 15m: both alerts move 10m later.
    expect(restartAt(group, 15 * MIN, savedAtFive).activeAtMs).toEqual({ "0": 10 * MIN, "1": 15 * MIN });
  });

  it("restores nothing after an outage longer than the tolerance", () => {
    expect(restartAt(group, 40 * MIN, savedAtFive).activeAtMs).toEqual({ "0": 40 * MIN, "1": 40 * MIN });
  });

  it("restores nothing when no alert is active again", () => {
    expect(restartAt(group, 50 * MIN, savedAtFive).activeAtMs).toEqual({});
  });

  it("lets an alert due within the grace period fire no sooner than the grace period after the restart", () => {
    const saved = runBeforeDown(group, [0, 5 * MIN, 10 * MIN, 15 * MIN, 20 * MIN]);
    const restartMs = 25 * MIN;
    const { activeAtMs } = restartAt(group, restartMs, saved);
    for (const instance of ["0", "1"]) {
      const firesAtMs = activeAtMs[instance]! + rule.forMs;
      expect(firesAtMs - restartMs).toBe(OPTIONS.gracePeriodMs);
    }
  });

  it("gives a firing alert its activeAt back, so it fires again at the next evaluation", () => {
    const saved = runBeforeDown(group, [0, 5 * MIN, 10 * MIN, 15 * MIN, 20 * MIN, 25 * MIN, 30 * MIN]);
    const { state, activeAtMs } = restartAt(group, 35 * MIN, saved);
    expect(activeAtMs).toEqual({ "0": 0, "1": 5 * MIN });
    const next = evaluateGroup(state, group, 35 * MIN + 1000, store);
    expect(next.transitions.fired.map(({ alert }) => alert.labels.instance).sort()).toEqual(["0", "1"]);
  });

  it("leaves rules whose `for` is shorter than the grace period alone", () => {
    const short = groupOf(alertingRule(5 * MIN));
    const saved = runBeforeDown(short, [0]);
    expect(restartAt(short, 2 * MIN, saved).activeAtMs).toEqual({ "0": 2 * MIN });
  });
});

describe("restoreForState: times in whole seconds, as ALERTS_FOR_STATE holds them", () => {
  const group = groupOf(alertingRule(2 * MIN));
  const options = { outageToleranceMs: 30 * MIN, gracePeriodMs: MIN };
  const labels = { alertname: "HTTPRequestRateLow", group: "canary", instance: "0", job: "app-server" };

  function restoredActiveAt(sample: Omit<ForStateSample, "labels">, nowMs: number): number {
    const state: GroupState = {
      rules: [
        {
          alerts: new Map([
            [labelsKey(labels), { state: "pending", labels, annotations: {}, value: 1, activeAtMs: nowMs }],
          ]),
          writtenSeries: NOTHING_WRITTEN,
          lastError: undefined,
        },
      ],
    };
    const saved = [{ ...sample, labels }];
    return [...restoreForState(state, group, saved, nowMs, options).rules[0]!.alerts.values()][0]!.activeAtMs;
  }

  it("shifts by the downtime counted from the second the process went down", () => {
    expect(restoredActiveAt({ timestampMs: 60_200, activeAtMs: 700 }, 125_300)).toBe(65_300);
  });

  it("restores a firing alert's activeAt to its second", () => {
    expect(restoredActiveAt({ timestampMs: 200_000, activeAtMs: 700 }, 210_000)).toBe(0);
  });

  it("ignores a sample from the future, as Prometheus's query window does", () => {
    expect(restoredActiveAt({ timestampMs: 220_000, activeAtMs: 700 }, 210_000)).toBe(210_000);
  });
});

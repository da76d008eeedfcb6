import { describe, expect, it } from "vitest";
import { expandValues } from "../promql/conformance/expand-values.js";
import { MemorySeriesStore } from "../promql/memory-series-store.js";
import { parsePromql } from "../promql/parse.js";
import { evaluateGroup, type GroupEvaluation } from "./evaluate-group.js";
import { type GroupState, initialGroupState } from "./group-state.js";
import type { AlertingRule, RecordingRule, RuleGroup } from "./rule-group.js";

const MIN = 60_000;

function parse(expr: string) {
  const parsed = parsePromql(expr);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.expr;
}

function alerting(name: string, expr: string, extra: Partial<AlertingRule> = {}): AlertingRule {
  return {
    kind: "alerting",
    name,
    expr: parse(expr),
    query: expr,
    forMs: 0,
    keepFiringForMs: 0,
    labels: {},
    annotations: {},
    ...extra,
  };
}

function recording(name: string, expr: string): RecordingRule {
  return { kind: "recording", name, expr: parse(expr), query: expr, labels: {} };
}

/** `values` in promtool's expanding notation, one per minute from 0. */
function storeWith(
  series: Record<string, { labels: Record<string, string>; values: string }>,
): MemorySeriesStore {
  const store = new MemorySeriesStore();
  for (const { labels, values } of Object.values(series)) {
    (expandValues(values) ?? []).forEach((v, i) => {
      if (v.kind === "value") store.append(labels, [{ timestampMs: i * MIN, value: v.value }]);
    });
  }
  return store;
}

/** Runs the group every minute from 0 to `untilMs`, appending what it writes, as the scheduler does. */
function runEveryMinute(
  group: RuleGroup,
  store: MemorySeriesStore,
  untilMs: number,
): Map<number, GroupEvaluation> {
  let state: GroupState = initialGroupState(group);
  const rounds = new Map<number, GroupEvaluation>();
  for (let t = 0; t <= untilMs; t += MIN) {
    const round = evaluateGroup(state, group, t, store);
    for (const s of [...round.recordedSamples, ...round.alertSeries]) {
      store.append(s.labels, [{ timestampMs: s.timestampMs, value: s.value, isStale: s.isStale === true }]);
    }
    state = round.state;
    rounds.set(t, round);
  }
  return rounds;
}

function summarize(round: GroupEvaluation | undefined) {
  return round?.alerts.map(({ alert }) => ({
    labels: alert.labels,
    state: alert.state,
    activeAtMs: alert.activeAtMs,
    resolvedAtMs: alert.resolvedAtMs,
  }));
}

describe("evaluateGroup: alert states", () => {
  const group: RuleGroup = {
    name: "latency",
    intervalMs: MIN,
    limit: 0,
    rules: [
      alerting("HighLatency", 'latency_seconds{job="api"} > 1', {
        forMs: 3 * MIN,
        labels: { severity: "page" },
      }),
    ],
  };
  // Above the threshold from minute 2 to minute 7, then below for good.
  const store = () =>
    storeWith({
      api: { labels: { __name__: "latency_seconds", job: "api" }, values: "0 0 2 2 2 2 2 2 0x30" },
    });
  const rounds = runEveryMinute(group, store(), 30 * MIN);
  const labels = { alertname: "HighLatency", job: "api", severity: "page" };

  it.each([
    { atMin: 0, result: [] },
    { atMin: 2, result: [{ labels, state: "pending", activeAtMs: 2 * MIN, resolvedAtMs: undefined }] },
    { atMin: 4, result: [{ labels, state: "pending", activeAtMs: 2 * MIN, resolvedAtMs: undefined }] },
    { atMin: 5, result: [{ labels, state: "firing", activeAtMs: 2 * MIN, resolvedAtMs: undefined }] },
    { atMin: 7, result: [{ labels, state: "firing", activeAtMs: 2 * MIN, resolvedAtMs: undefined }] },
    { atMin: 8, result: [{ labels, state: "inactive", activeAtMs: 2 * MIN, resolvedAtMs: 8 * MIN }] },
    { atMin: 23, result: [{ labels, state: "inactive", activeAtMs: 2 * MIN, resolvedAtMs: 8 * MIN }] },
    { atMin: 24, result: [] },
  ])("at $atMin min", ({ atMin, result }) => {
    expect(summarize(rounds.get(atMin * MIN))).toEqual(result);
  });

  it("reports the firing and resolving transitions once each", () => {
    const fired = [...rounds].filter(([, r]) => r.transitions.fired.length > 0).map(([t]) => t / MIN);
    const resolved = [...rounds].filter(([, r]) => r.transitions.resolved.length > 0).map(([t]) => t / MIN);
    expect({ fired, resolved }).toEqual({ fired: [5], resolved: [8] });
  });

  it("writes ALERTS and ALERTS_FOR_STATE, and a staleness marker for the pending series once firing", () => {
    const atFive = rounds.get(5 * MIN)!.alertSeries;
    expect(atFive).toEqual([
      { labels: { ...labels, __name__: "ALERTS", alertstate: "firing" }, timestampMs: 5 * MIN, value: 1 },
      { labels: { ...labels, __name__: "ALERTS_FOR_STATE" }, timestampMs: 5 * MIN, value: 120 },
      {
        labels: { ...labels, __name__: "ALERTS", alertstate: "pending" },
        timestampMs: 5 * MIN,
        value: Number.NaN,
        isStale: true,
      },
    ]);
  });

  it("marks the series of a resolved alert stale once, and writes nothing after", () => {
    const stale = (atMin: number) =>
      rounds.get(atMin * MIN)!.alertSeries.map((s) => [s.labels.__name__, s.labels.alertstate, s.isStale]);
    expect(stale(7)).toEqual([
      ["ALERTS", "firing", undefined],
      ["ALERTS_FOR_STATE", undefined, undefined],
    ]);
    expect(stale(8)).toEqual([
      ["ALERTS", "firing", true],
      ["ALERTS_FOR_STATE", undefined, true],
    ]);
    expect(stale(9)).toEqual([]);
  });

  it("drops a pending alert whose condition stops holding, without a transition", () => {
    const flapping = storeWith({
      api: { labels: { __name__: "latency_seconds", job: "api" }, values: "2 2 0 0" },
    });
    const flapRounds = runEveryMinute(group, flapping, 3 * MIN);
    expect(summarize(flapRounds.get(2 * MIN))).toEqual([]);
    expect(
      [...flapRounds.values()].flatMap((r) => [...r.transitions.fired, ...r.transitions.resolved]),
    ).toEqual([]);
  });
});

describe("evaluateGroup: keep_firing_for", () => {
  const group: RuleGroup = {
    name: "g",
    intervalMs: MIN,
    limit: 0,
    rules: [alerting("Down", "up == 0", { keepFiringForMs: 2 * MIN })],
  };
  const rounds = runEveryMinute(
    group,
    storeWith({ a: { labels: { __name__: "up", job: "a" }, values: "0 0 1 1 1 1 1" } }),
    6 * MIN,
  );

  it.each([
    { atMin: 0, state: "firing" },
    { atMin: 2, state: "firing" },
    { atMin: 3, state: "firing" },
    { atMin: 4, state: "inactive" },
  ])("at $atMin min the alert is $state", ({ atMin, state }) => {
    expect(rounds.get(atMin * MIN)!.alerts.map((a) => a.alert.state)).toEqual([state]);
  });

  it("keeps firing for keep_firing_for after the condition cleared, then resolves", () => {
    expect(rounds.get(2 * MIN)!.alerts[0]!.alert.keepFiringSinceMs).toBe(2 * MIN);
    expect(rounds.get(4 * MIN)!.transitions.resolved.map((r) => r.alert.resolvedAtMs)).toEqual([4 * MIN]);
  });
});

describe("evaluateGroup: recording rules, templates, errors", () => {
  it("lets a later rule read what an earlier rule recorded at the same instant", () => {
    const group: RuleGroup = {
      name: "g",
      intervalMs: MIN,
      limit: 0,
      rules: [recording("job:errors:sum", "sum by (job) (errors)"), alerting("Errors", "job:errors:sum > 5")],
    };
    const store = storeWith({
      a: { labels: { __name__: "errors", job: "api", instance: "1" }, values: "4" },
      b: { labels: { __name__: "errors", job: "api", instance: "2" }, values: "3" },
    });
    const round = evaluateGroup(initialGroupState(group), group, 0, store);
    expect(round.recordedSamples).toEqual([
      { labels: { __name__: "job:errors:sum", job: "api" }, timestampMs: 0, value: 7 },
    ]);
    expect(round.transitions.fired.map((f) => f.alert.labels)).toEqual([{ alertname: "Errors", job: "api" }]);
  });

  it("lets a later rule read the ALERTS an earlier rule wrote at the same instant", () => {
    const group: RuleGroup = {
      name: "g",
      intervalMs: MIN,
      limit: 0,
      rules: [alerting("Down", "up == 0"), alerting("AnyFiring", 'count(ALERTS{alertstate="firing"}) > 0')],
    };
    const store = storeWith({ a: { labels: { __name__: "up", job: "a" }, values: "0" } });
    const round = evaluateGroup(initialGroupState(group), group, 0, store);
    expect(round.transitions.fired.map((f) => f.rule)).toEqual(["Down", "AnyFiring"]);
  });

  it("expands label and annotation templates, and puts a template error into the annotation", () => {
    const group: RuleGroup = {
      name: "g",
      intervalMs: MIN,
      limit: 0,
      rules: [
        alerting("Slow", "latency_seconds > 1", {
          labels: { tier: "{{ $labels.job }}-tier" },
          annotations: { summary: "{{ $labels.job }} at {{ humanize $value }}s", broken: "{{ nope }}" },
        }),
      ],
    };
    const store = storeWith({ a: { labels: { __name__: "latency_seconds", job: "api" }, values: "1.5" } });
    const alert = evaluateGroup(initialGroupState(group), group, 0, store, { externalLabels: {} }).alerts[0]!
      .alert;
    expect(alert.labels).toEqual({ alertname: "Slow", job: "api", tier: "api-tier" });
    expect(alert.annotations).toEqual({
      summary: "api at 1.5s",
      broken:
        '<error expanding template: error parsing template __alert_Slow: template: __alert_Slow:1: function "nope" not defined>',
    });
  });

  it("reports a failing query as the rule's error and keeps its alerts", () => {
    const group: RuleGroup = {
      name: "g",
      intervalMs: MIN,
      limit: 0,
      rules: [alerting("Bad", 'label_replace(up, "x", "$1", "job", "(")')],
    };
    const round = evaluateGroup(
      initialGroupState(group),
      group,
      0,
      storeWith({ a: { labels: { __name__: "up", job: "a" }, values: "1" } }),
    );
    expect(round.errors.map((e) => e.rule)).toEqual(["Bad"]);
    expect(round.state.rules[0]!.lastError).toBe(round.errors[0]!.message);
  });

  it("drops a rule's alerts over the group limit and reports the firing ones resolved", () => {
    const rule = alerting("Down", "up == 0");
    const store = storeWith({
      a: { labels: { __name__: "up", job: "a" }, values: "0 0" },
      b: { labels: { __name__: "up", job: "b" }, values: "1 0" },
    });
    const unlimited: RuleGroup = { name: "g", intervalMs: MIN, limit: 0, rules: [rule] };
    const first = evaluateGroup(initialGroupState(unlimited), unlimited, 0, store);
    const limited: RuleGroup = { ...unlimited, limit: 1 };
    const second = evaluateGroup(first.state, limited, MIN, store);
    expect(second.errors.map((e) => e.message)).toEqual(["exceeded limit of 1 with 2 alerts"]);
    expect(second.alerts).toEqual([]);
    expect(second.transitions.resolved.map((r) => r.alert.labels.job)).toEqual(["a"]);
  });
});

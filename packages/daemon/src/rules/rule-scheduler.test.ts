import { MemorySeriesStore } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { parseRuleFileText } from "./parse-rule-file-text.js";
import { type AlertTransition, RuleScheduler } from "./rule-scheduler.js";

const MIN = 60_000;

function loadGroups(text: string) {
  const parsed = parseRuleFileText(text, "rules.yml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const RULES = `groups:
  - name: uptime
    rules:
      - record: job:up:min
        expr: min by (job) (up)
      - alert: Down
        expr: job:up:min == 0
        for: 2m
        labels: { orbt_pattern: uptime_problems, orbt_symptom: service_unavailable }
`;

describe("RuleScheduler", () => {
  it("appends recorded and ALERTS samples and reports fired then resolved, each once", () => {
    const store = new MemorySeriesStore();
    const transitions: string[] = [];
    const scheduler = new RuleScheduler({
      groups: loadGroups(RULES),
      store,
      appender: store,
      onTransition: (t) => transitions.push(`${t.type} ${t.rule} ${t.alert.labels.job}`),
    });
    const upByMinute = [1, 0, 0, 0, 0, 1, 1];
    upByMinute.forEach((value, minute) => {
      store.append({ __name__: "up", job: "shop", instance: "a" }, [{ timestampMs: minute * MIN, value }]);
      scheduler.evaluateAt(minute * MIN);
    });
    expect(transitions).toEqual(["fired Down shop", "resolved Down shop"]);
    const recorded = [...store.select([{ name: "__name__", type: "=", value: "job:up:min" }], 0, 10 * MIN)];
    expect(Array.from(recorded[0]!.values)).toEqual(upByMinute);
    const alerts = [...store.select([{ name: "__name__", type: "=", value: "ALERTS" }], 0, 10 * MIN)];
    expect(alerts.map((s) => s.labels.alertstate).sort()).toEqual(["firing", "pending"]);
    expect(scheduler.alerts().map((a) => a.alert.state)).toEqual(["inactive"]);
  });

  it("runs groups on their interval once started, and stops", async () => {
    const store = new MemorySeriesStore();
    let nowMs = Date.now();
    store.append({ __name__: "up", job: "shop" }, [{ timestampMs: nowMs, value: 0 }]);
    const fired = new Promise<AlertTransition>((resolveFired) => {
      const scheduler = new RuleScheduler({
        groups: loadGroups(
          "groups:\n  - name: fast\n    interval: 20ms\n    rules:\n      - alert: Down\n        expr: up == 0\n",
        ),
        store,
        appender: store,
        nowMs: () => {
          nowMs = Date.now();
          return nowMs;
        },
        onTransition: (transition) => {
          scheduler.stop();
          resolveFired(transition);
        },
      });
      scheduler.start();
    });
    const transition = await fired;
    expect({ type: transition.type, group: transition.group, labels: transition.alert.labels }).toEqual({
      type: "fired",
      group: "fast",
      labels: { alertname: "Down", job: "shop" },
    });
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemorySeriesStore } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../create-logger.js";
import { openStore } from "../../store/open-store.js";
import type { AlertForStateChange, Store } from "../../store/store.js";
import { parseRuleFileText } from "./parse-rule-file-text.js";
import {
  type AlertTransition,
  type ForStateOptions,
  RuleScheduler,
  type SettledGroup,
} from "./rule-scheduler.js";

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

  it("reports each group settled once, after its first evaluation, with its pending and firing alerts", () => {
    const store = new MemorySeriesStore();
    const settled: SettledGroup[] = [];
    const scheduler = new RuleScheduler({
      groups: loadGroups(RULES),
      store,
      appender: store,
      onTransition: () => {},
      onSettled: (group) => settled.push(group),
    });
    store.append({ __name__: "up", job: "shop" }, [{ timestampMs: 0, value: 0 }]);
    scheduler.evaluateAt(0);
    scheduler.evaluateAt(MIN);
    expect(settled).toHaveLength(1);
    expect(settled[0]?.group).toBe("uptime");
    expect([...(settled[0]?.alertNames ?? [])]).toEqual(["Down"]);
    expect(settled[0]?.activeAlerts.map((alert) => [alert.labels.job, alert.state])).toEqual([
      ["shop", "pending"],
    ]);
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

describe("RuleScheduler with for-state", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function openTempStore(): Promise<Store> {
    const dir = await mkdtemp(join(tmpdir(), "orbt-for-state-"));
    const store = await openStore({ kind: "sqlite", file: join(dir, "orbt.db") });
    cleanups.push(
      () => rm(dir, { recursive: true, force: true }),
      () => store.close(),
    );
    return store;
  }

  const DOWN_FOR_10M = `groups:
  - name: uptime
    interval: 1m
    rules:
      - alert: Down
        expr: up == 0
        for: 10m
`;

  /** A scheduler on a fake clock over `series`, saving to `store`; its changes are collected. */
  async function schedulerOn(store: Store, series: MemorySeriesStore, clock: { nowMs: number }) {
    const changes: AlertForStateChange[] = [];
    const lines: string[] = [];
    const forState: ForStateOptions = {
      store: {
        transaction: (fn) =>
          store.transaction((tx) =>
            fn({
              ...tx,
              saveAlertForState: (change) => {
                changes.push(change);
                return tx.saveAlertForState(change);
              },
            }),
          ),
      },
      saved: await store.listAlertForState(),
      restore: { outageToleranceMs: 60 * MIN, gracePeriodMs: MIN },
      log: createLogger({ destination: { write: (line: string) => lines.push(line) } }),
    };
    const fired: number[] = [];
    const scheduler = new RuleScheduler({
      groups: loadGroups(DOWN_FOR_10M),
      store: series,
      appender: series,
      nowMs: () => clock.nowMs,
      onTransition: (t) => {
        if (t.type === "fired") fired.push(clock.nowMs / MIN);
      },
      forState,
    });
    const evaluateAtMinute = (minute: number) => {
      clock.nowMs = minute * MIN;
      series.append({ __name__: "up", job: "shop" }, [{ timestampMs: clock.nowMs, value: 0 }]);
      scheduler.evaluateAt(clock.nowMs);
    };
    return { scheduler, changes, lines, fired, evaluateAtMinute };
  }

  it("writes the activeAt once, then only the evaluation time, and nothing while no alert is active", async () => {
    const store = await openTempStore();
    const series = new MemorySeriesStore();
    const first = await schedulerOn(store, series, { nowMs: 0 });
    for (let minute = 0; minute <= 3; minute++) {
      series.append({ __name__: "up", job: "shop" }, [{ timestampMs: minute * MIN, value: 1 }]);
      first.scheduler.evaluateAt(minute * MIN);
    }
    await first.scheduler.stop();
    expect(first.changes).toEqual([]);

    // stop() resolves once the writes are done.
    for (const minute of [4, 5]) {
      first.evaluateAtMinute(minute);
      await first.scheduler.stop();
    }
    const labels = { alertname: "Down", job: "shop" };
    expect(
      first.changes.map(({ evaluatedAt, upserts, deletes }) => ({ evaluatedAt, upserts, deletes })),
    ).toEqual([
      { evaluatedAt: 4 * MIN, upserts: [{ labels, activeAt: 4 * MIN }], deletes: [] },
      { evaluatedAt: 5 * MIN, upserts: [], deletes: [] },
    ]);
    // Evaluations during a write are coalesced: after the one in flight, only the newest is written.
    for (const minute of [6, 7, 8]) first.evaluateAtMinute(minute);
    await first.scheduler.stop();
    expect(first.changes.slice(2).map((change) => change.evaluatedAt)).toEqual([6 * MIN, 8 * MIN]);
    expect(await store.listAlertForState()).toEqual([
      {
        group: { file: "rules.yml", name: "uptime" },
        lastEvaluatedAt: 8 * MIN,
        alerts: [{ labels, activeAt: 4 * MIN }],
      },
    ]);

    series.append({ __name__: "up", job: "shop" }, [{ timestampMs: 9 * MIN, value: 1 }]);
    first.scheduler.evaluateAt(9 * MIN);
    await first.scheduler.stop();
    expect(await store.listAlertForState()).toEqual([]);
  });

  it("restores after the second evaluation of a restart, not counting the downtime", async () => {
    const store = await openTempStore();
    const series = new MemorySeriesStore();
    const first = await schedulerOn(store, series, { nowMs: 0 });
    // Active from minute 0 (saved from the second evaluation on), down after minute 4.
    for (const minute of [0, 1, 2, 3, 4]) first.evaluateAtMinute(minute);
    await first.scheduler.stop();

    const second = await schedulerOn(store, series, { nowMs: 9 * MIN });
    second.evaluateAtMinute(9);
    expect(second.scheduler.alerts().map(({ alert }) => alert.activeAtMs / MIN)).toEqual([9]);
    second.evaluateAtMinute(10);
    // 4 minutes pending before the outage, 6 left: activeAt moves by the 6 minutes down.
    expect(second.scheduler.alerts().map(({ alert }) => alert.activeAtMs / MIN)).toEqual([6]);
    expect(second.lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ msg: "alert for-state restored", group: "uptime", saved: 1, restored: 1 }),
    ]);
    for (let minute = 11; minute <= 16; minute++) second.evaluateAtMinute(minute);
    expect(second.fired).toEqual([16]);
    await second.scheduler.stop();
    expect((await store.listAlertForState())[0]?.alerts).toEqual([
      { labels: { alertname: "Down", job: "shop" }, activeAt: 6 * MIN },
    ]);
  });

  it("starts over after an outage longer than the tolerance, and forgets groups no longer loaded", async () => {
    const store = await openTempStore();
    await store.saveAlertForState({
      group: { file: "gone.yml", name: "old" },
      evaluatedAt: 0,
      upserts: [{ labels: { alertname: "Old" }, activeAt: 0 }],
      deletes: [],
    });
    const series = new MemorySeriesStore();
    const first = await schedulerOn(store, series, { nowMs: 0 });
    for (const minute of [0, 1, 2]) first.evaluateAtMinute(minute);
    await first.scheduler.stop();
    expect((await store.listAlertForState()).map((saved) => saved.group.name)).toEqual(["uptime"]);

    const second = await schedulerOn(store, series, { nowMs: 70 * MIN });
    second.evaluateAtMinute(70);
    second.evaluateAtMinute(71);
    expect(second.scheduler.alerts().map(({ alert }) => alert.activeAtMs / MIN)).toEqual([70]);
    await second.scheduler.stop();
  });
});

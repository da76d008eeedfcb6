import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseValidConfig } from "../../test/support/config-text.js";
import { type HttpPeer, startPagerDutyPeer, startSlackPeer } from "../../test/support/protocol-peers.js";
import type { PagerDutyEvent, SlackWebhookMessage } from "../../test/support/receiver-schemas.js";
import { sampleNotifications } from "../../test/support/sample-notifications.js";
import { waitFor } from "../../test/support/wait-for.js";
import { createLogger } from "../create-logger.js";
import { createDaemonMetrics, type DaemonMetrics } from "../daemon-metrics.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { NotificationDelivery } from "./notification-delivery.js";

const ROUTING_KEY = "0123456789abcdef0123456789abcdef";
const samples = sampleNotifications();
const log = createLogger({ level: "silent", destination: { write: () => undefined } });

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function openTempStore(): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), "orbt-notify-"));
  const store = await openStore({ kind: "sqlite", file: join(dir, "orbt.db") });
  cleanups.push(() => store.close());
  return store;
}

async function peers() {
  const slack = await startSlackPeer();
  const pagerDuty = await startPagerDutyPeer();
  cleanups.push(
    () => slack.close(),
    () => pagerDuty.close(),
  );
  return { slack, pagerDuty };
}

/** A delivery to `chat` (Slack) and `pager` (PagerDuty), retrying fast: 3 attempts, 20 ms apart and more. */
function notifyConfig(
  slack: HttpPeer<SlackWebhookMessage>,
  pagerDuty: HttpPeer<PagerDutyEvent>,
  routes = "",
) {
  return parseValidConfig(`notify:
  receivers:
    - { name: chat, slack: { url: "${slack.url}/services/x" } }
    - { name: pager, pagerduty: { routing_key: ${ROUTING_KEY}, url: "${pagerDuty.url}/v2/enqueue" } }
${routes}  retry: { attempts: 3, backoff: 20ms, max_backoff: 40ms }
  timeout: 2s
`).notify;
}

function startDelivery(
  store: Store,
  notify: ReturnType<typeof notifyConfig>,
  metrics = createDaemonMetrics(),
) {
  const delivery = new NotificationDelivery({ store, notify, metrics, log });
  cleanups.push(() => delivery.stop());
  return { delivery, metrics };
}

async function queue(
  store: Store,
  delivery: NotificationDelivery,
  seq: number,
  kinds: (keyof typeof samples)[],
) {
  await store.transaction((tx) =>
    delivery.enqueue(
      tx,
      kinds.map((kind) => samples[kind]),
      seq,
    ),
  );
  delivery.wake();
}

async function metricLines(metrics: DaemonMetrics, name: string): Promise<string[]> {
  return (await metrics.registry.metrics()).split("\n").filter((line) => line.startsWith(name));
}

describe("NotificationDelivery", () => {
  it("delivers each receiver's queue in order, routed, with ids shared across receivers", async () => {
    const store = await openTempStore();
    const { slack, pagerDuty } = await peers();
    const notify = notifyConfig(
      slack,
      pagerDuty,
      "  routes:\n    - { receivers: [chat] }\n    - { events: [opened, resolved], receivers: [pager] }\n",
    );
    const { delivery } = startDelivery(store, notify);
    await delivery.start();
    await queue(store, delivery, 7, ["opened", "action_taken", "resolved"]);
    await waitFor(
      "all delivered",
      () => (slack.received.length === 3 && pagerDuty.received.length === 2) || undefined,
    );
    expect(slack.received.map((message) => message.text)).toEqual([
      samples.opened.summary,
      samples.action_taken.summary,
      samples.resolved.summary,
    ]);
    expect(pagerDuty.received.map((event) => event.event_action)).toEqual(["trigger", "resolve"]);
    expect(
      (await delivery.status()).map((receiver) => [receiver.name, receiver.delivered, receiver.queueDepth]),
    ).toEqual([
      ["chat", 3, 0],
      ["pager", 2, 0],
    ]);
    const [row] = (await store.summarizeNotificationQueues()).filter(
      (summary) => summary.receiver === "pager",
    );
    expect(row).toMatchObject({ delivered: 2 });
    expect((await store.nextPendingNotification("chat")) ?? null).toBeNull();
  });

  it("retries a receiver that answers 500 until it recovers, and shows its failures meanwhile", async () => {
    const store = await openTempStore();
    const { slack, pagerDuty } = await peers();
    const { delivery, metrics } = startDelivery(store, notifyConfig(slack, pagerDuty));
    await delivery.start();
    pagerDuty.failNext(2);
    await queue(store, delivery, 1, ["opened"]);
    await waitFor("delivered after retries", () => pagerDuty.received[0]);
    // The receiver has the request before the delivery has recorded its answer.
    const deliveredLine = 'orbt_notify_deliveries_total{receiver="pager",outcome="delivered"} 1';
    await waitFor("the delivery recorded", async () =>
      (await metricLines(metrics, deliveredLine)).length > 0 ? true : undefined,
    );
    expect(pagerDuty.outageAnswers).toBe(2);
    expect(await metricLines(metrics, 'orbt_notify_deliveries_total{receiver="pager"')).toEqual([
      'orbt_notify_deliveries_total{receiver="pager",outcome="delivered"} 1',
      'orbt_notify_deliveries_total{receiver="pager",outcome="retrying"} 2',
      'orbt_notify_deliveries_total{receiver="pager",outcome="failed"} 0',
    ]);
    const [, pager] = await delivery.status();
    expect(pager).toMatchObject({
      name: "pager",
      kind: "pagerduty",
      delivered: 1,
      lastError: "HTTP 500",
      isFailing: false,
    });
  });

  it("gives up after the last attempt without holding up the other receivers", async () => {
    const store = await openTempStore();
    const { slack, pagerDuty } = await peers();
    const { delivery, metrics } = startDelivery(store, notifyConfig(slack, pagerDuty));
    await delivery.start();
    pagerDuty.failNext(1_000, 503);
    await queue(store, delivery, 1, ["opened", "escalated"]);
    await waitFor("chat delivered", () => (slack.received.length === 2 ? true : undefined));
    const pager = await waitFor("pager gave up on both", async () => {
      const found = (await delivery.status())[1]!;
      return found.failed === 2 ? found : undefined;
    });
    expect(pager).toMatchObject({ queueDepth: 0, delivered: 0, lastError: "HTTP 503", isFailing: true });
    expect(pagerDuty.outageAnswers).toBe(6);
    expect(await metricLines(metrics, "orbt_notify_queue_depth")).toEqual([
      'orbt_notify_queue_depth{receiver="chat"} 0',
      'orbt_notify_queue_depth{receiver="pager"} 0',
    ]);
    expect(
      await metricLines(metrics, 'orbt_notify_deliveries_total{receiver="pager",outcome="failed"}'),
    ).toEqual(['orbt_notify_deliveries_total{receiver="pager",outcome="failed"} 2']);
  });

  it("records an escalation delivered once a receiver took it", async () => {
    const store = await openTempStore();
    const { slack, pagerDuty } = await peers();
    const { delivery } = startDelivery(
      store,
      notifyConfig(slack, pagerDuty, "  routes:\n    - { events: [escalated], receivers: [pager] }\n"),
    );
    await delivery.start();
    await store.insertEscalations([
      {
        id: "inc-1.esc",
        incidentId: "inc-1",
        at: samples.escalated.at,
        reason: "strikes_exhausted",
        urgency: "critical",
        report: {},
      },
    ]);
    pagerDuty.failNext(1);
    await queue(store, delivery, 3, ["escalated"]);
    await waitFor("first attempt failed", () => (pagerDuty.outageAnswers === 1 ? true : undefined));
    await waitFor("delivered", () => pagerDuty.received[0]);
    const escalation = await waitFor("escalation marked", async () => {
      const [found] = await store.listEscalations();
      return found?.delivered ? found : undefined;
    });
    expect(escalation).toMatchObject({ delivered: true, deliveryError: null });
  });

  it("leaves what it could not deliver queued at a stop, with its backoff, for the next start", async () => {
    const store = await openTempStore();
    const { slack, pagerDuty } = await peers();
    const notify = notifyConfig(slack, pagerDuty);
    const slow = { ...notify, retry: { attempts: 3, backoffMs: 60_000, maxBackoffMs: 60_000 } };
    const T = samples.opened.at;
    const runAt = (now: number) => {
      const delivery = new NotificationDelivery({
        store,
        notify: slow,
        metrics: createDaemonMetrics(),
        log,
        clock: () => now,
      });
      cleanups.push(() => delivery.stop());
      return delivery;
    };
    const first = runAt(T);
    await first.start();
    pagerDuty.failNext(1);
    await queue(store, first, 1, ["opened"]);
    await waitFor("first attempt failed", async () =>
      (await first.status())[1]?.lastError ? true : undefined,
    );
    await first.stop();
    expect(await store.nextPendingNotification("pager")).toMatchObject({
      attempts: 1,
      nextAttemptAt: T + 60_000,
    });

    // The backoff is kept in the store, not in memory: a start within it waits it out.
    const second = runAt(T + 1_000);
    await second.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pagerDuty.received).toEqual([]);
    await second.stop();

    const third = runAt(T + 61_000);
    await third.start();
    await waitFor("delivered by a start past the backoff", () => pagerDuty.received[0]);
    expect(pagerDuty.received[0]).toMatchObject({ event_action: "trigger", dedup_key: "inc-1" });
  });

  it("gives up, at start, what was queued for a receiver no longer configured", async () => {
    const store = await openTempStore();
    const { slack, pagerDuty } = await peers();
    await store.enqueueNotifications([
      {
        receiver: "old",
        notificationId: "1-0",
        kind: "opened",
        incidentId: "inc-1",
        payload: samples.opened,
        createdAt: 0,
      },
    ]);
    const { delivery } = startDelivery(store, notifyConfig(slack, pagerDuty));
    await delivery.start();
    expect(await store.countPendingNotifications("old")).toBe(0);
    expect((await delivery.status()).map((receiver) => receiver.name)).toEqual(["chat", "pager"]);
  });
});

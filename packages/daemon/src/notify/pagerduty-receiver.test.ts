import { NotificationKind } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpPeer, startPagerDutyPeer } from "../../test/support/protocol-peers.js";
import type { PagerDutyEvent } from "../../test/support/receiver-schemas.js";
import { sampleNotifications } from "../../test/support/sample-notifications.js";
import type { SendOptions } from "./receiver-kind.js";
import { RECEIVER_KINDS, sendNotification } from "./receiver-kinds.js";

const OPTIONS: SendOptions = { timeoutMs: 5_000, signal: new AbortController().signal };
const ROUTING_KEY = "0123456789abcdef0123456789abcdef";
const samples = sampleNotifications();

describe("the pagerduty receiver", () => {
  let pagerDuty: HttpPeer<PagerDutyEvent>;
  beforeAll(async () => {
    pagerDuty = await startPagerDutyPeer();
  });
  afterAll(() => pagerDuty.close());

  const target = () => ({
    kind: "pagerduty" as const,
    routingKey: ROUTING_KEY,
    url: `${pagerDuty.url}/v2/enqueue`,
  });

  it("sends the public Events API v2 endpoint by default", () => {
    expect(RECEIVER_KINDS.pagerduty.settings.parse({ routing_key: ROUTING_KEY })).toEqual({
      kind: "pagerduty",
      routingKey: ROUTING_KEY,
      url: "https://events.pagerduty.com/v2/enqueue",
    });
  });

  it("triggers, acknowledges and resolves one alert per incident, keyed by the incident id", async () => {
    for (const kind of NotificationKind.options) {
      expect(await sendNotification(target(), samples[kind], OPTIONS), kind).toEqual({ kind: "success" });
    }
    expect(pagerDuty.refused).toEqual([]);
    expect(pagerDuty.received.map((event) => [event.event_action, event.dedup_key])).toEqual([
      ["trigger", "inc-1"],
      ["acknowledge", "inc-1"],
      ["trigger", "inc-1"],
      ["trigger", "inc-1"],
      ["resolve", "inc-1"],
    ]);
  });

  it("gives a trigger its summary, source and a severity from the urgency", async () => {
    await sendNotification(target(), samples.escalated, OPTIONS);
    const event = pagerDuty.received.at(-1)!;
    expect(event).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: "trigger",
      payload: {
        summary: samples.escalated.summary,
        source: "web",
        severity: "critical",
        component: "web",
        group: "shop",
        class: "uptime_problems",
        custom_details: { notification: "escalated", reason: "strikes_exhausted", urgency: "critical" },
      },
    });
    await sendNotification(target(), { ...samples.opened, urgency: "medium" }, OPTIONS);
    expect(pagerDuty.received.at(-1)).toMatchObject({ payload: { severity: "warning" } });
  });

  it("retries when PagerDuty is rate limiting or down, not when it refuses the event", async () => {
    pagerDuty.failNext(1, 429);
    expect(await sendNotification(target(), samples.opened, OPTIONS)).toMatchObject({ kind: "retryable" });
    pagerDuty.failNext(1, 503);
    expect(await sendNotification(target(), samples.opened, OPTIONS)).toMatchObject({ kind: "retryable" });
    const wrongKey = { ...target(), routingKey: "short" };
    expect(await sendNotification(wrongKey, samples.opened, OPTIONS)).toMatchObject({ kind: "failure" });
  });
});

import { NotificationKind } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpPeer, startSlackPeer } from "../../test/support/protocol-peers.js";
import type { SlackWebhookMessage } from "../../test/support/receiver-schemas.js";
import { sampleNotifications } from "../../test/support/sample-notifications.js";
import type { SendOptions } from "./receiver-kind.js";
import { sendNotification } from "./receiver-kinds.js";

const OPTIONS: SendOptions = { timeoutMs: 5_000, signal: new AbortController().signal };
const samples = sampleNotifications();

describe("the slack receiver", () => {
  let slack: HttpPeer<SlackWebhookMessage>;
  beforeAll(async () => {
    slack = await startSlackPeer();
  });
  afterAll(() => slack.close());

  const send = (kind: NotificationKind, notification = samples[kind]) =>
    sendNotification({ kind: "slack", url: `${slack.url}/services/T0/B0/x` }, notification, OPTIONS);

  it.each(NotificationKind.options)("posts a Block Kit message Slack accepts for %s", async (kind) => {
    expect(await send(kind)).toEqual({ kind: "success" });
    expect(slack.refused).toEqual([]);
    const message = slack.received.at(-1)!;
    expect(message.text).toBe(samples[kind].summary);
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    expect(JSON.stringify(message.blocks)).toContain("inc-1");
  });

  it("names the action's DPR id, and an escalation's impact and recommendations", async () => {
    await send("action_taken");
    const action = JSON.stringify(slack.received.at(-1)!.blocks);
    expect(action).toContain("PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001");
    await send("escalated");
    const escalation = slack.received.at(-1)!;
    expect(escalation.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Escalated: web inc-1" },
    });
    expect(JSON.stringify(escalation.blocks)).toContain("*Recommendations*");
    expect(JSON.stringify(escalation.blocks)).toContain("*Reason*\\nstrikes_exhausted");
  });

  it("escapes what mrkdwn would read as markup", async () => {
    await send("opened", { ...samples.opened, symptom: "latency <p99> & errors" });
    expect(JSON.stringify(slack.received.at(-1)!.blocks)).toContain("latency &lt;p99&gt; &amp; errors");
  });

  it("keeps a long header within Block Kit's 150 characters", async () => {
    expect(await send("opened", { ...samples.opened, service: "s".repeat(128) })).toEqual({
      kind: "success",
    });
    const header = slack.received.at(-1)!.blocks[0];
    expect(header?.type === "header" ? header.text.text.length : 0).toBe(150);
  });

  it("fails without sending what it cannot encode", async () => {
    const before = slack.received.length + slack.refused.length;
    const outcome = await send("opened", { ...samples.opened, at: 9e15 });
    expect(outcome).toEqual({
      kind: "failure",
      error: { code: "encoding", message: "RangeError: Invalid time value" },
    });
    expect(slack.received.length + slack.refused.length).toBe(before);
  });

  it("reports Slack's refusal as a failure not worth retrying", async () => {
    const outcome = await sendNotification(
      { kind: "slack", url: slack.url },
      { ...samples.opened, summary: "" },
      OPTIONS,
    );
    expect(outcome).toEqual({ kind: "failure", error: { code: "http_status", message: "HTTP 400" } });
  });
});

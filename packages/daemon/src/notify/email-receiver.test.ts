import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../test/support/ports.js";
import { type SmtpPeer, startSmtpPeer } from "../../test/support/protocol-peers.js";
import { sampleNotifications } from "../../test/support/sample-notifications.js";
import type { SendOptions } from "./receiver-kind.js";
import { RECEIVER_KINDS, sendNotification } from "./receiver-kinds.js";

const OPTIONS: SendOptions = { timeoutMs: 5_000, signal: new AbortController().signal };
const samples = sampleNotifications();

describe("the email receiver", () => {
  let smtp: SmtpPeer | undefined;
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });

  const target = (url: string, to = ["oncall@example.org", "Ops <ops@example.org>"]) =>
    RECEIVER_KINDS.email.settings.parse({ smtp: url, from: "Orbt <orbt@example.org>", to });

  it("hands a message to the SMTP server that names the incident in its subject and body", async () => {
    smtp = await startSmtpPeer();
    expect(await sendNotification(target(smtp.url), samples.escalated, OPTIONS)).toEqual({ kind: "success" });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('"Orbt" <orbt@example.org>');
    expect(mail.to).toEqual(["oncall@example.org", "ops@example.org"]);
    expect(mail.subject).toBe("[shop/prod] Escalated: web inc-1");
    expect(mail.text).toContain(samples.escalated.summary);
    expect(mail.text).toContain("Incident:    inc-1 (strike 3)");
    expect(mail.text).toContain("Reason:      strikes_exhausted");
    expect(mail.text).toContain("Recommendations:");
    expect(mail.text).toContain(`Notification ${samples.escalated.id}`);
  });

  it("names the action's DPR id", async () => {
    smtp = await startSmtpPeer();
    await sendNotification(target(smtp.url), samples.action_taken, OPTIONS);
    expect(smtp.received[0]?.subject).toBe("[shop/prod] Action taken: web inc-1");
    expect(smtp.received[0]?.text).toContain("DPR id:      PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001");
  });

  it("gives up when the server refuses the recipients for good", async () => {
    smtp = await startSmtpPeer(["ops@example.org"]);
    const outcome = await sendNotification(target(smtp.url, ["ops@example.org"]), samples.opened, OPTIONS);
    expect(outcome).toMatchObject({ kind: "failure", error: { code: "smtp_status" } });
    expect(smtp.received).toEqual([]);
  });

  it("retries when no server answers", async () => {
    const outcome = await sendNotification(
      target(`smtp://127.0.0.1:${await freePort()}`),
      samples.opened,
      OPTIONS,
    );
    expect(outcome).toMatchObject({ kind: "retryable", error: { code: "network" } });
  });
});

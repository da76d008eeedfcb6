import { formatDurationMs, NotificationKind, UrgencyLevel } from "@orbt/core";
import * as z from "zod";
import { RECEIVER_KIND_NAMES, RECEIVER_KINDS, type ReceiverTarget } from "../notify/receiver-kinds.js";
import type { RetryPolicy } from "../notify/retry-policy.js";
import type { NotifyRoute } from "../notify/route-notification.js";
import { durationMs, expecting, name, parsedText, positiveInteger } from "./field-schemas.js";
import { kindKeys, pickKind } from "./kind-keys.js";

/** The receiver `escalation.webhook` stands for: it gets each escalation's report. */
export const ESCALATION_WEBHOOK_RECEIVER = "escalation.webhook";

export type ReceiverConfig = { readonly name: string; readonly target: ReceiverTarget };

const Receiver = z
  .strictObject({
    name: name.describe("Unique receiver name; routes name it."),
    ...kindKeys(RECEIVER_KINDS),
  })
  .superRefine((raw, ctx) => {
    if (raw.name !== ESCALATION_WEBHOOK_RECEIVER) return;
    ctx.addIssue({
      code: "custom",
      input: raw.name,
      path: ["name"],
      message: `the name ${ESCALATION_WEBHOOK_RECEIVER} is taken by the escalation.webhook key; pick another`,
    });
  })
  .transform((raw, ctx): ReceiverConfig => {
    const kind = pickKind(RECEIVER_KIND_NAMES, raw, ctx);
    if (kind === undefined) return z.NEVER;
    return { name: raw.name, target: raw[kind]! };
  });

/** A regular expression matched against a whole value, as Alertmanager anchors its matchers. */
const wholeValueRegex = parsedText("a regular expression", (text) => {
  try {
    return new RegExp(`^(?:${text})$`);
  } catch {
    return undefined;
  }
});

const text = z.string(expecting("a string"));

const Route = z
  .strictObject({
    match: z
      .strictObject({
        service: text.optional().describe("The service."),
        pattern: text.optional().describe("The error pattern."),
        urgency: UrgencyLevel.optional().describe("The urgency."),
      })
      .default({})
      .describe("Fields the notification's must equal."),
    match_re: z
      .strictObject({
        service: wholeValueRegex.optional().describe("Matches the service."),
        pattern: wholeValueRegex.optional().describe("Matches the error pattern."),
        urgency: wholeValueRegex.optional().describe("Matches the urgency."),
      })
      .default({})
      .describe("Fields and regular expressions that must match their whole value."),
    events: z
      .array(NotificationKind)
      .min(1, expecting("at least one event"))
      .default([...NotificationKind.options])
      .describe("Which notifications the route sends."),
    receivers: z
      .array(name)
      .min(1, expecting("at least one receiver"))
      .describe("Configured receivers the route sends to."),
  })
  .transform(
    (raw): NotifyRoute => ({
      match: raw.match,
      matchRe: raw.match_re,
      events: raw.events,
      receivers: raw.receivers,
    }),
  );

const Retry = z
  .strictObject({
    attempts: positiveInteger.default(10).describe("Tries in all, the first included."),
    backoff: durationMs
      .prefault("1s")
      .describe("Wait before the second try; it doubles before each later one."),
    max_backoff: durationMs.prefault("5m").describe("The longest wait between tries."),
  })
  .transform((raw, ctx): RetryPolicy => {
    if (raw.max_backoff < raw.backoff) {
      ctx.issues.push({
        code: "custom",
        input: raw.max_backoff,
        path: ["max_backoff"],
        message: `expected at least the backoff ${formatDurationMs(raw.backoff)}, got ${formatDurationMs(raw.max_backoff)}`,
      });
      return z.NEVER;
    }
    return { attempts: raw.attempts, backoffMs: raw.backoff, maxBackoffMs: raw.max_backoff };
  });

export type NotifyConfig = {
  readonly receivers: readonly ReceiverConfig[];
  readonly routes: readonly NotifyRoute[];
  readonly retry: RetryPolicy;
  /** One attempt's time limit. */
  readonly timeoutMs: number;
};

/**
 * `notify:`: receivers by name, routes that pick them per notification, and how deliveries retry.
 * Without `routes`, every receiver gets every notification.
 */
export const Notify = z
  .strictObject({
    receivers: z
      .array(Receiver)
      .default([])
      .describe("Where notifications go; each sets exactly one kind key."),
    routes: z
      .array(Route)
      .optional()
      .describe("Which notifications go where; absent: everything to every receiver."),
    retry: Retry.prefault({}).describe("How a failed delivery is tried again."),
    timeout: durationMs.prefault("10s").describe("How long one delivery attempt may take."),
  })
  .superRefine((raw, ctx) => {
    const names = raw.receivers.map((receiver) => receiver.name);
    names.forEach((receiverName, index) => {
      const first = names.indexOf(receiverName);
      if (first === index) return;
      ctx.addIssue({
        code: "custom",
        input: receiverName,
        path: ["receivers", index, "name"],
        message: `duplicate receiver name "${receiverName}", first used by receivers[${first}]`,
      });
    });
    raw.routes?.forEach((route, routeIndex) => {
      route.receivers.forEach((receiverName, index) => {
        if (names.includes(receiverName)) return;
        ctx.addIssue({
          code: "custom",
          input: receiverName,
          path: ["routes", routeIndex, "receivers", index],
          message: `no receiver named "${receiverName}" is configured`,
        });
      });
    });
  })
  .transform(
    (raw): NotifyConfig => ({
      receivers: raw.receivers,
      routes:
        raw.routes ??
        (raw.receivers.length === 0
          ? []
          : [
              {
                match: {},
                matchRe: {},
                events: NotificationKind.options,
                receivers: raw.receivers.map((receiver) => receiver.name),
              },
            ]),
      retry: raw.retry,
      timeoutMs: raw.timeout,
    }),
  );

/**
 * `escalation.webhook` is a webhook receiver of its own that gets each escalation's report as its body,
 * as it did before there were receivers and routes, now with their queue and retries.
 */
export function withEscalationWebhook(notify: NotifyConfig, webhookUrl: string | undefined): NotifyConfig {
  if (webhookUrl === undefined) return notify;
  return {
    ...notify,
    receivers: [
      ...notify.receivers,
      {
        name: ESCALATION_WEBHOOK_RECEIVER,
        target: { kind: "webhook", url: webhookUrl, headers: {}, body: "{{report}}" },
      },
    ],
    routes: [
      ...notify.routes,
      { match: {}, matchRe: {}, events: ["escalated"], receivers: [ESCALATION_WEBHOOK_RECEIVER] },
    ],
  };
}

import type * as z from "zod";
import type { DeliveryOutcome } from "./delivery-outcome.js";
import { emailReceiver } from "./email-receiver.js";
import { pagerDutyReceiver } from "./pagerduty-receiver.js";
import type { QueuedNotification, QueuedReport } from "./queued-notification.js";
import type { ReceiverKind, SendOptions } from "./receiver-kind.js";
import { slackReceiver } from "./slack-receiver.js";
import { webhookReceiver } from "./webhook-receiver.js";

/** A receiver kind for each name in `K`, each tagging its targets with its own name. */
export type ReceiverKindRegistry<K extends string> = {
  readonly [P in K]: ReceiverKind<{ readonly kind: P }, unknown>;
};

/** The kinds of notification receivers; a name without its line in `RECEIVER_KINDS` does not compile. */
export type ReceiverKindName = "webhook" | "slack" | "pagerduty" | "email";

/** One line per receiver kind. A receiver's config keys come from this object, in this order. */
export const RECEIVER_KINDS = {
  webhook: webhookReceiver,
  slack: slackReceiver,
  pagerduty: pagerDutyReceiver,
  email: emailReceiver,
} satisfies ReceiverKindRegistry<ReceiverKindName>;

export const RECEIVER_KIND_NAMES = Object.keys(RECEIVER_KINDS) as readonly ReceiverKindName[];

/** Where a configured receiver delivers: the settings of its kind's key, tagged with the kind. */
export type ReceiverTarget = z.output<(typeof RECEIVER_KINDS)[ReceiverKindName]["settings"]>;

/** Whether receivers of the kind can carry a domain report. */
export function carriesReports(kind: ReceiverKindName): boolean {
  return RECEIVER_KINDS[kind].reports !== null;
}

async function sendEncoded(
  target: ReceiverTarget,
  encode: (kind: ReceiverKind<ReceiverTarget, unknown>) => unknown,
  options: SendOptions,
): Promise<DeliveryOutcome> {
  // A target only ever reaches the kind that tagged it, which indexing by a union cannot show the compiler.
  const kind: ReceiverKind<ReceiverTarget, unknown> = RECEIVER_KINDS[target.kind];
  let message: unknown;
  try {
    message = encode(kind);
  } catch (err) {
    return { kind: "failure", error: { code: "encoding", message: String(err) } };
  }
  return kind.send(message, target, options);
}

/** Encodes the notification for the target's kind and makes one attempt to send it; never rejects. */
export function sendNotification(
  target: ReceiverTarget,
  notification: QueuedNotification,
  options: SendOptions,
): Promise<DeliveryOutcome> {
  return sendEncoded(target, (kind) => kind.encode(notification, target), options);
}

/** Encodes the report for the target's kind and makes one attempt to send it; never rejects. */
export function sendReport(
  target: ReceiverTarget,
  report: QueuedReport,
  options: SendOptions,
): Promise<DeliveryOutcome> {
  return sendEncoded(
    target,
    (kind) => {
      if (kind.reports === null) throw new Error(`a ${target.kind} receiver cannot carry a report`);
      return kind.reports.encode(report, target);
    },
    options,
  );
}

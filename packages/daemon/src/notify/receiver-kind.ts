import type * as z from "zod";
import type { DeliveryOutcome } from "./delivery-outcome.js";
import type { QueuedNotification, QueuedReport } from "./queued-notification.js";

/** What one attempt is given: its time limit, and a signal that aborts it when the daemon stops. */
export type SendOptions = { readonly timeoutMs: number; readonly signal: AbortSignal };

/**
 * One kind of notification receiver, keyed in `RECEIVER_KINDS` by its config key. Encoding (what the
 * receiver's protocol carries) and transport (one attempt to hand it over) are apart; retries are the
 * delivery queue's.
 */
export type ReceiverKind<Target extends { readonly kind: string }, Message> = {
  /** The value of the receiver's `<kind>:` key in the config, tagged with the kind. */
  readonly settings: z.ZodType<Target, unknown>;
  /** Pure: the message for one notification. May throw on a value it cannot encode. */
  encode(notification: QueuedNotification, target: Target): Message;
  /** Pure: the message for a domain report; null for a kind that cannot carry one (config refuses it). */
  readonly reports: { encode(report: QueuedReport, target: Target): Message } | null;
  /** One attempt; never rejects. */
  send(message: Message, target: Target, options: SendOptions): Promise<DeliveryOutcome>;
};

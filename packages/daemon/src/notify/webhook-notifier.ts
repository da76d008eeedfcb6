import { setTimeout as sleepMs } from "node:timers/promises";
import { deliverWithRetry } from "./deliver-with-retry.js";
import type { DeliveryOutcome } from "./delivery-outcome.js";
import { postJson } from "./post-json.js";

export type WebhookNotifierOptions<T> = {
  readonly url: string;
  /** Turns the daemon's report into the receiver's JSON shape (encoding stays out of transport). */
  readonly encode: (payload: T) => unknown;
  readonly timeoutMs: number;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sleep?: (ms: number) => Promise<void>;
};

export type WebhookNotifier<T> = {
  notify(payload: T): Promise<DeliveryOutcome>;
};

/** Delivers escalation reports to a webhook: encode, then POST with retries. Never rejects. */
export function createWebhookNotifier<T>(options: WebhookNotifierOptions<T>): WebhookNotifier<T> {
  const sleep = options.sleep ?? ((ms: number) => sleepMs(ms));
  return {
    notify: async (payload) => {
      let body: unknown;
      try {
        body = options.encode(payload);
      } catch (err) {
        return { kind: "failure", error: { code: "encoding", message: String(err) } };
      }
      return deliverWithRetry(
        () => postJson(options.url, body, { timeoutMs: options.timeoutMs, headers: options.headers }),
        { attempts: options.attempts, backoffMs: options.backoffMs, sleep },
      );
    },
  };
}

import type { DeliveryOutcome } from "./delivery-outcome.js";

export type RetryOptions = {
  /** Total tries, the first included. */
  readonly attempts: number;
  /** Wait before the second try; doubles before each later one. */
  readonly backoffMs: number;
  readonly sleep: (ms: number) => Promise<void>;
};

/** Retries `send` while it reports `retryable`; returns the last outcome. */
export async function deliverWithRetry(
  send: () => Promise<DeliveryOutcome>,
  options: RetryOptions,
): Promise<DeliveryOutcome> {
  let outcome = await send();
  for (let attempt = 2; attempt <= options.attempts && outcome.kind === "retryable"; attempt++) {
    await options.sleep(options.backoffMs * 2 ** (attempt - 2));
    outcome = await send();
  }
  return outcome;
}

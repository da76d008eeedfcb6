import type { DeliveryOutcome } from "./delivery-outcome.js";

export type RetryPolicy = {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** The wait before the second try; it doubles before each later one, up to `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
};

/** What becomes of a queued notification after an attempt. */
export type AfterAttempt =
  | { readonly kind: "delivered" }
  | { readonly kind: "retry"; readonly at: number }
  | { readonly kind: "failed" };

/** `attemptsMade` counts the attempt that produced `outcome`. */
export function afterAttempt(
  policy: RetryPolicy,
  outcome: DeliveryOutcome,
  attemptsMade: number,
  now: number,
): AfterAttempt {
  if (outcome.kind === "success") return { kind: "delivered" };
  if (outcome.kind === "failure" || attemptsMade >= policy.attempts) return { kind: "failed" };
  const backoffMs = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attemptsMade - 1));
  return { kind: "retry", at: now + backoffMs };
}

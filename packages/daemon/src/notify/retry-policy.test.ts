import { describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "./delivery-outcome.js";
import { afterAttempt, type RetryPolicy } from "./retry-policy.js";

const POLICY: RetryPolicy = { attempts: 6, backoffMs: 1_000, maxBackoffMs: 5_000 };
const SUCCESS: DeliveryOutcome = { kind: "success" };
const FAILURE: DeliveryOutcome = { kind: "failure", error: { code: "http_status", message: "HTTP 400" } };
const RETRYABLE: DeliveryOutcome = { kind: "retryable", error: { code: "http_status", message: "HTTP 503" } };

describe("afterAttempt", () => {
  it("marks a success delivered, whatever the attempt", () => {
    expect(afterAttempt(POLICY, SUCCESS, 6, 0)).toEqual({ kind: "delivered" });
  });

  it("gives up at once on a failure that another try would not change", () => {
    expect(afterAttempt(POLICY, FAILURE, 1, 0)).toEqual({ kind: "failed" });
  });

  it("retries with a doubling backoff, capped, until the attempts are spent", () => {
    const waits = [1, 2, 3, 4, 5].map((attempt) => afterAttempt(POLICY, RETRYABLE, attempt, 10_000));
    expect(waits).toEqual([
      { kind: "retry", at: 11_000 },
      { kind: "retry", at: 12_000 },
      { kind: "retry", at: 14_000 },
      { kind: "retry", at: 15_000 },
      { kind: "retry", at: 15_000 },
    ]);
    expect(afterAttempt(POLICY, RETRYABLE, 6, 10_000)).toEqual({ kind: "failed" });
  });
});

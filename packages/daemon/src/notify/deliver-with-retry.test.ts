import { describe, expect, it } from "vitest";
import { deliverWithRetry } from "./deliver-with-retry.js";
import type { DeliveryOutcome } from "./delivery-outcome.js";

const SUCCESS: DeliveryOutcome = { kind: "success" };
const FAILURE: DeliveryOutcome = { kind: "failure", error: { code: "http_status", message: "HTTP 400" } };
const RETRYABLE: DeliveryOutcome = { kind: "retryable", error: { code: "http_status", message: "HTTP 503" } };

/** A sender that replays `outcomes` in order, and a sleep that records instead of waiting. */
function script(outcomes: readonly DeliveryOutcome[]) {
  const sleptMs: number[] = [];
  let calls = 0;
  return {
    send: async () => outcomes[calls++]!,
    sleep: async (ms: number) => {
      sleptMs.push(ms);
    },
    sleptMs,
    calls: () => calls,
  };
}

describe("deliverWithRetry", () => {
  it("stops after a success without sleeping", async () => {
    const run = script([SUCCESS]);
    expect(await deliverWithRetry(run.send, { attempts: 3, backoffMs: 100, sleep: run.sleep })).toEqual(
      SUCCESS,
    );
    expect(run.calls()).toBe(1);
    expect(run.sleptMs).toEqual([]);
  });

  it("retries retryable outcomes with doubling backoff until success", async () => {
    const run = script([RETRYABLE, RETRYABLE, SUCCESS]);
    expect(await deliverWithRetry(run.send, { attempts: 5, backoffMs: 100, sleep: run.sleep })).toEqual(
      SUCCESS,
    );
    expect(run.calls()).toBe(3);
    expect(run.sleptMs).toEqual([100, 200]);
  });

  it("does not retry a failure", async () => {
    const run = script([RETRYABLE, FAILURE, SUCCESS]);
    expect(await deliverWithRetry(run.send, { attempts: 5, backoffMs: 100, sleep: run.sleep })).toEqual(
      FAILURE,
    );
    expect(run.calls()).toBe(2);
  });

  it("returns the last retryable outcome once the attempts are spent", async () => {
    const run = script([RETRYABLE, RETRYABLE, RETRYABLE, SUCCESS]);
    expect(await deliverWithRetry(run.send, { attempts: 3, backoffMs: 50, sleep: run.sleep })).toEqual(
      RETRYABLE,
    );
    expect(run.calls()).toBe(3);
    expect(run.sleptMs).toEqual([50, 100]);
  });

  it("tries once when given a single attempt", async () => {
    const run = script([RETRYABLE, SUCCESS]);
    expect(await deliverWithRetry(run.send, { attempts: 1, backoffMs: 50, sleep: run.sleep })).toEqual(
      RETRYABLE,
    );
    expect(run.calls()).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { webDown } from "../../test/support/web-symptoms.js";
import type { EngineState, RemedyPlan, ServiceState } from "../protocol/engine-state.js";
import { initialState } from "./initial-state.js";
import { DEFAULT_VERIFY_FOR_MS, defaultVerifyForMs, verifyForMsOf } from "./verify-window.js";

const S = 1000;

/** `web` (its own window 6s, unless not configured) after its check failed, with the given remedies. */
function afterWebDown(remedies: RemedyPlan[], isWebConfigured = true): EngineState {
  const services: ServiceState[] = isWebConfigured
    ? [{ name: "web", platform: "exec", isDiscovered: false, verifyForMs: 6 * S, dependsOn: [] }]
    : [];
  return stepAnsweringRechecks(initialState(shopSettings(remedies), services), webDown, 0).state;
}

function restart(verifyForMs: number | null): RemedyPlan {
  return {
    solution: "service_restart",
    service: null,
    tool: "exec",
    timeoutMs: 30 * S,
    verifyForMs,
    isDryRun: false,
  };
}

describe("defaultVerifyForMs", () => {
  it.each([
    { intervalsMs: [30 * S, 4 * S], expected: 8 * S },
    { intervalsMs: [5 * S], expected: 10 * S },
    { intervalsMs: [], expected: 20 * S },
  ])("is $expected ms for check intervals $intervalsMs", ({ intervalsMs, expected }) => {
    expect(defaultVerifyForMs(intervalsMs)).toBe(expected);
  });
});

describe("verifyForMsOf", () => {
  it.each([
    { case: "the running remedy's own verify_for", remedies: [restart(3 * S)], expected: 3 * S },
    { case: "the service's window when the remedy sets none", remedies: [restart(null)], expected: 6 * S },
    { case: "the service's window with no remedy running (escalated)", remedies: [], expected: 6 * S },
  ])("is $case", ({ remedies, expected }) => {
    const state = afterWebDown(remedies);
    expect(verifyForMsOf(state, state.incidents["inc-1"]!)).toBe(expected);
  });

  it("is the default for a service the engine discovered from its symptom", () => {
    const state = afterWebDown([restart(null)], false);
    expect(state.services.web).toMatchObject({
      isDiscovered: true,
      verifyForMs: DEFAULT_VERIFY_FOR_MS,
      dependsOn: [],
    });
    expect(verifyForMsOf(state, state.incidents["inc-1"]!)).toBe(DEFAULT_VERIFY_FOR_MS);
  });

  it("is the default when the incident's service is not in the state", () => {
    const state = afterWebDown([restart(null)]);
    expect(verifyForMsOf({ ...state, services: {} }, state.incidents["inc-1"]!)).toBe(DEFAULT_VERIFY_FOR_MS);
  });
});

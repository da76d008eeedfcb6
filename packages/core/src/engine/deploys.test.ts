import { describe, expect, it } from "vitest";
import { plan, runTable as run } from "../../test/support/engine-table.js";
import { OPEN_RAILS, shopSettings } from "../../test/support/shop-settings.js";
import { webDown as down, webUp as up } from "../../test/support/web-symptoms.js";
import type { DeployReported, EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, RemedyPlan } from "../protocol/engine-state.js";
import type { DeployStatus } from "../protocol/names.js";
import { nextWakeAt } from "./deadlines.js";
import { findLiveIncident } from "./incident-update.js";
import { initialState } from "./initial-state.js";
import { serviceMode } from "./service-mode.js";
import { step } from "./step.js";

const S = 1000;
const DEPLOY_TIMEOUT_MS = 60 * S;
const DEPLOY_VERIFY_MS = 10 * S;

function freshState(remedies: RemedyPlan[] = []): EngineState {
  return initialState(
    {
      ...shopSettings(remedies, OPEN_RAILS),
      deploys: { timeoutMs: DEPLOY_TIMEOUT_MS, verifyForMs: DEPLOY_VERIFY_MS },
    },
    [{ name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] }],
  );
}

function deploy(version: string, status: DeployStatus, detail?: string): DeployReported {
  return {
    type: "DeployReported",
    service: "web",
    version,
    status,
    ...(detail === undefined ? {} : { detail }),
  };
}

const tick: EngineEvent = { type: "Tick" };

/** v1 deployed and verified: the rollback target. */
const V1_STABLE = [
  { at: 0, event: deploy("v1", "started") },
  { at: S, event: deploy("v1", "succeeded") },
  { at: S + DEPLOY_VERIFY_MS, event: tick },
];

describe("deploys: Build mode, deployment symptoms and the rollback target", () => {
  it("puts the service in Build mode from started until the deploy ends", () => {
    const started = step(freshState(), deploy("v1", "started"), 0);
    expect(started.effects).toEqual([]);
    expect(serviceMode(started.state, "web")).toBe("Build");
    expect(serviceMode(step(started.state, deploy("v1", "succeeded"), S).state, "web")).toBe("Operate");
  });

  it("keeps a succeeded version as the rollback target once the service stayed healthy for verify_for", () => {
    const { state } = run(freshState(), [
      { at: 0, event: deploy("v1", "started") },
      { at: S, event: deploy("v1", "succeeded"), effects: [] },
      { at: S + DEPLOY_VERIFY_MS - 1, event: tick },
    ]);
    expect(state.deploys.web).toMatchObject({ verify: "pending", stableVersion: null });
    expect(nextWakeAt(state)).toBe(S + DEPLOY_VERIFY_MS);
    const verified = step(state, tick, S + DEPLOY_VERIFY_MS).state;
    expect(verified.deploys.web).toMatchObject({ version: "v1", verify: "passed", stableVersion: "v1" });
    expect(nextWakeAt(verified)).toBeUndefined();
  });

  it("opens build_failures on a failed deploy and passes the last stable version to rollback_to_stable", () => {
    const { state } = run(freshState([plan("rollback_to_stable")]), [
      ...V1_STABLE,
      { at: 20 * S, event: deploy("v2", "started") },
      {
        at: 21 * S,
        event: deploy("v2", "failed", "exit 2"),
        effects: [{ type: "RunRemedy", strike: 2, solution: "rollback_to_stable", rollbackVersion: "v1" }],
      },
    ]);
    const incident = findLiveIncident(state, "web", "deployment_failures");
    expect(incident).toMatchObject({ symptom: "build_failures", activeSources: ["deploy"] });
    expect(incident?.timeline[0]?.message).toBe(
      "build_failures (deployment_failures) from deploy: deploy of v2 failed: exit 2",
    );
    expect(state.deploys.web).toMatchObject({ version: "v2", status: "failed", stableVersion: "v1" });
  });

  it("clears the deploy's symptom when a later deploy of the service succeeds: the rollback itself", () => {
    const { state, archived } = run(freshState([plan("rollback_to_stable")]), [
      ...V1_STABLE,
      { at: 20 * S, event: deploy("v2", "failed") },
      {
        at: 20 * S + 100,
        event: {
          type: "RemedyFinished",
          incidentId: "inc-1",
          actionId: "inc-1.001",
          ok: true,
          exitCode: 0,
          durationMs: 100,
          isTimedOut: false,
        },
      },
      { at: 20 * S + 200, event: deploy("v1", "succeeded") },
      { at: 22 * S + 200, event: tick },
    ]);
    expect(archived["inc-1"]).toMatchObject({ state: "resolved", resolution: "remedied" });
    expect(findLiveIncident(state, "web", "deployment_failures")).toBeUndefined();
  });

  it("sends no rollback version before any version stayed healthy", () => {
    const failed = step(freshState([plan("rollback_to_stable")]), deploy("v1", "failed"), 0);
    const recheck = failed.effects.find((effect) => effect.type === "RecheckSymptom");
    expect(recheck).toMatchObject({ sources: ["deploy"] });
    const answer: EngineEvent = { type: "SymptomRechecked", incidentId: "inc-1", isPresent: true };
    const [run] = step(failed.state, answer, 0).effects;
    expect(run).toMatchObject({ type: "RunRemedy", solution: "rollback_to_stable" });
    expect(run).not.toHaveProperty("rollbackVersion");
  });

  it("opens deployment_timeouts for a deploy started and not ended within the deploy timeout", () => {
    const started = step(freshState(), deploy("v2", "started"), 0).state;
    expect(nextWakeAt(started)).toBe(DEPLOY_TIMEOUT_MS);
    expect(
      findLiveIncident(step(started, tick, DEPLOY_TIMEOUT_MS - 1).state, "web", "deployment_failures"),
    ).toBeUndefined();
    const { state } = step(started, tick, DEPLOY_TIMEOUT_MS);
    expect(findLiveIncident(state, "web", "deployment_failures")).toMatchObject({
      symptom: "deployment_timeouts",
      openedAt: DEPLOY_TIMEOUT_MS,
    });
    expect(state.deploys.web).toMatchObject({ status: "timed_out", at: DEPLOY_TIMEOUT_MS });
    expect(serviceMode(state, "web")).toBe("Repair");
  });

  it("opens environment_misconfigurations when a check fails within verify_for of a succeeded deploy", () => {
    const { state } = run(freshState(), [
      ...V1_STABLE,
      { at: 20 * S, event: deploy("v2", "succeeded") },
      { at: 25 * S, event: down },
    ]);
    expect(findLiveIncident(state, "web", "uptime_problems")).toBeDefined();
    const misconfigured = findLiveIncident(state, "web", "deployment_failures");
    expect(misconfigured).toMatchObject({
      symptom: "environment_misconfigurations",
      activeSources: ["deploy"],
    });
    expect(misconfigured?.timeline[0]?.message).toContain(
      "service_unavailable from check:0 within 10s of the deploy of v2",
    );
    // v2 failed its window: the rollback target stays v1.
    expect(state.deploys.web).toMatchObject({ version: "v2", verify: "failed", stableVersion: "v1" });
  });

  it("does not blame a deploy for a check that fails after its verify window", () => {
    const { state } = run(freshState(), [
      { at: 0, event: deploy("v1", "succeeded") },
      { at: DEPLOY_VERIFY_MS, event: down },
    ]);
    expect(findLiveIncident(state, "web", "deployment_failures")).toBeUndefined();
    expect(state.deploys.web).toMatchObject({ verify: "passed", stableVersion: "v1" });
  });

  it("keeps no rollback target from a deploy whose service was still failing at the end of its window", () => {
    const { state } = run(freshState(), [
      { at: 0, event: down },
      { at: S, event: deploy("v2", "succeeded") },
      { at: S + DEPLOY_VERIFY_MS, event: tick },
    ]);
    expect(state.deploys.web).toMatchObject({ verify: "failed", stableVersion: null });
    expect(findLiveIncident(state, "web", "deployment_failures")).toBeUndefined();
    expect(run(state, [{ at: 20 * S, event: up }]).state.deploys.web?.stableVersion).toBeNull();
  });

  it("opens environment_misconfigurations on a failing health report of kind config_error; ok clears it", () => {
    const failing: EngineEvent = {
      type: "HealthReported",
      service: "web",
      status: "failing",
      kind: "config_error",
      detail: "DATABASE_URL is not set",
    };
    const opened = step(freshState(), failing, 0).state;
    expect(findLiveIncident(opened, "web", "uptime_problems")).toBeUndefined();
    expect(findLiveIncident(opened, "web", "deployment_failures")).toMatchObject({
      symptom: "environment_misconfigurations",
      activeSources: ["health"],
    });
    const cleared = step(opened, { type: "HealthReported", service: "web", status: "ok" }, S).state;
    expect(findLiveIncident(cleared, "web", "deployment_failures")?.activeSources).toEqual([]);
  });
});

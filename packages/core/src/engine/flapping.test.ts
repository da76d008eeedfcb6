import { describe, expect, it } from "vitest";
import { plan, type Row, runTable as run } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown as down, serviceUp as up, webSlow } from "../../test/support/web-symptoms.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState } from "../protocol/engine-state.js";
import { nextWakeAt } from "./deadlines.js";
import { DEFAULT_AUTOMATION } from "./default-automation.js";
import { watchFlapping } from "./flapping.js";
import { initialState } from "./initial-state.js";
import { step } from "./step.js";

const S = 1000;
const MIN = 60 * S;

/** Paused, so nothing acts while the symptom comes and goes; flapping at 4 changes in 1m. */
function pausedWeb(): EngineState {
  const settings = shopSettings([plan("service_restart"), plan("failover_activation")], {
    ...DEFAULT_AUTOMATION,
    flapping: { changes: 4, windowMs: 1 * MIN },
  });
  const state = initialState(settings, [
    { name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
  ]);
  return step(state, { type: "AutomationPaused", by: "ops" }, 0).state;
}

const tick: EngineEvent = { type: "Tick" };

/** Seen, cleared, seen, cleared, a second apart from 1s: the fourth change makes web flap. */
const flapsFourTimes: Row[] = [
  { at: 1 * S, event: down("web") },
  { at: 2 * S, event: up("web") },
  { at: 3 * S, event: down("web") },
  { at: 4 * S, event: up("web") },
];

describe("flapping: a service whose symptom comes and goes too often is held", () => {
  it("escalates its one incident once with reason flapping, holds it, and takes its new symptoms in", () => {
    const { state } = run(pausedWeb(), [
      { at: 1 * S, event: down("web") },
      { at: 2 * S, event: up("web") },
      { at: 3 * S, event: down("web") },
      {
        at: 4 * S,
        event: up("web"),
        effects: [{ type: "Escalate", incidentId: "inc-1", reason: "flapping" }],
      },
      { at: 5 * S, event: down("web"), effects: [] },
      { at: 6 * S, event: up("web"), effects: [] },
      // Another pattern joins the flapping incident instead of opening one.
      { at: 7 * S, event: webSlow, effects: [] },
      // Clear for longer than the verify window: still the one incident while it flaps.
      { at: 20 * S, event: tick, effects: [] },
    ]);
    expect(Object.keys(state.incidents)).toEqual(["inc-1"]);
    const incident = state.incidents["inc-1"]!;
    expect(incident).toMatchObject({
      state: "escalated",
      escalation: { reason: "flapping" },
      phase: { kind: "held", reason: "flapping", since: 4 * S },
      activeSources: ["performance_issues/check:1"],
      actions: [],
    });
    expect(incident.timeline.map((entry) => entry.message)).toContain(
      "flapping: 4 symptom changes in 1m; no action while it flaps",
    );
    expect(state.flapping.web).toMatchObject({ since: 4 * S, incidentId: "inc-1" });
  });

  it("stops flapping once the window holds fewer changes, and then resolves as usual", () => {
    const { state: flapping } = run(pausedWeb(), flapsFourTimes);
    // The oldest change leaves the window at 1m + 1s.
    expect(nextWakeAt(flapping)).toBe(1 * MIN + 1 * S);
    const { state, archived } = run(flapping, [
      { at: 1 * MIN + 1 * S, event: tick, effects: [{ type: "ArchiveIncident" }] },
    ]);
    expect(state.flapping.web).toMatchObject({ since: null, incidentId: null });
    expect(archived["inc-1"]?.timeline.map((entry) => entry.kind)).toContain("flapping");
    expect(archived["inc-1"]).toMatchObject({ resolution: "self_recovered", actions: [] });
  });

  it("holds a new incident of a flapping service after its flapping incident is gone, without acting", () => {
    const { state: flapping } = run(pausedWeb(), [
      ...flapsFourTimes,
      { at: 5 * S, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ops" } },
    ]);
    const { state } = run(flapping, [
      { at: 6 * S, event: { type: "AutomationResumed", by: "ops" } },
      { at: 7 * S, event: down("web"), effects: [] },
    ]);
    expect(state.incidents["inc-2"]?.phase).toEqual({ kind: "held", reason: "flapping", since: 7 * S });
  });

  it("does not flap below the threshold", () => {
    const { state } = run(pausedWeb(), [
      { at: 1 * S, event: down("web") },
      { at: 2 * S, event: up("web") },
      { at: 3 * S, event: down("web") },
    ]);
    expect(state.flapping.web).toEqual({ changes: [1 * S, 2 * S, 3 * S], since: null, incidentId: null });
    expect(state.incidents["inc-1"]?.state).toBe("open");
  });

  it("ages the records of many services in one step: each kept, shortened or forgotten as alone", () => {
    const quiet = { since: null, incidentId: null };
    const db = { changes: [50 * S], ...quiet };
    const before = {
      ...pausedWeb(),
      flapping: { web: { changes: [0], ...quiet }, api: { changes: [0, 30 * S], ...quiet }, db },
    };

    const aged = watchFlapping(before, before, 70 * S);

    expect(aged.effects).toEqual([]);
    expect(aged.state.flapping).toEqual({ api: { changes: [30 * S], ...quiet }, db });
    expect(aged.state.flapping["db"]).toBe(db);
    expect(before.flapping).toHaveProperty("web");
    expect(watchFlapping(aged.state, aged.state, 70 * S).state).toBe(aged.state);
  });
});

import { describe, expect, it } from "vitest";
import { plan, runTable as run } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown as down } from "../../test/support/web-symptoms.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState } from "../protocol/engine-state.js";
import { DEFAULT_TRIGGERS } from "../triggers/default-triggers.js";
import { nextWakeAt } from "./deadlines.js";
import { DEFAULT_AUTOMATION } from "./default-automation.js";
import { initialState } from "./initial-state.js";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

function fresh(remedies = [plan("service_restart")]): EngineState {
  return initialState(shopSettings(remedies, { ...DEFAULT_AUTOMATION, cooldownMs: 0 }), [
    { name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
  ]);
}

const window = (endsAt: number, services = ["web"]): EngineEvent => ({
  type: "MaintenanceStarted",
  services,
  endsAt,
});
const tick: EngineEvent = { type: "Tick" };

describe("maintenance windows", () => {
  it("holds actions of the services in the window, past the strike budget, and acts when it ends", () => {
    const { state: waiting } = run(fresh(), [
      { at: 0, event: window(1 * HOUR) },
      { at: 1 * S, event: down("web"), effects: [] },
    ]);
    // The strike budget (5m) does not run while the window holds the strike: the window's end is next.
    expect(nextWakeAt(waiting)).toBe(1 * HOUR);
    // Another service is not held.
    run(waiting, [{ at: 2 * S, event: down("api"), effects: [{ type: "RunRemedy", incidentId: "inc-2" }] }]);
    const { state: held } = run(waiting, [{ at: 30 * MIN, event: tick, effects: [] }]);
    expect(held.incidents["inc-1"]?.phase).toEqual({ kind: "held", reason: "maintenance", since: 1 * S });
    expect(held.incidents["inc-1"]?.timeline.at(-1)?.message).toBe(
      `held: web is in a maintenance window until ${new Date(1 * HOUR).toISOString()}`,
    );
    const { state } = run(held, [
      { at: 1 * HOUR, event: tick, effects: [{ type: "RunRemedy", incidentId: "inc-1", strike: 1 }] },
    ]);
    expect(state.maintenance).toEqual({});
    expect(state.incidents["inc-1"]?.strikeStartedAt).toBe(1 * HOUR);
  });

  it("sends no escalation during the window, and sends it when the window ends", () => {
    // No remedy for the pattern: the incident escalates at once, but not while web is in maintenance.
    const { state: deferred } = run(fresh([]), [
      { at: 0, event: window(10 * MIN) },
      { at: 1 * S, event: down("web"), effects: [] },
    ]);
    expect(deferred.incidents["inc-1"]).toMatchObject({
      state: "escalated",
      escalation: { reason: "no_remedy" },
    });
    expect(deferred.deferredEscalations).toEqual([
      { incidentId: "inc-1", escalationId: "inc-1.esc", reason: "no_remedy" },
    ]);
    run(deferred, [
      { at: 5 * MIN, event: tick, effects: [] },
      {
        at: 10 * MIN,
        event: tick,
        effects: [{ type: "Escalate", incidentId: "inc-1", escalationId: "inc-1.esc", reason: "no_remedy" }],
      },
    ]);
  });

  it("holds back a trigger's page during the window too, and sends it when the window ends", () => {
    const settings = {
      ...shopSettings([plan("service_restart")], { ...DEFAULT_AUTOMATION, cooldownMs: 0 }),
      escalation: { triggers: DEFAULT_TRIGGERS },
    };
    const critical = { name: "web", platform: "exec" as const, isDiscovered: false, verifyForMs: 2 * S };
    const start = initialState(settings, [{ ...critical, dependsOn: [], criticality: "critical" as const }]);
    const { state: deferred } = run(start, [
      { at: 0, event: window(10 * MIN) },
      { at: 1 * S, event: down("web"), effects: [] },
    ]);
    const page = "business_critical_service_failure";
    expect(deferred.deferredEscalations).toEqual([
      { incidentId: "inc-1", escalationId: `inc-1.esc.${page}`, reason: page },
    ]);
    expect(deferred.incidents["inc-1"]?.state).toBe("open");
    run(deferred, [
      {
        at: 10 * MIN,
        event: tick,
        effects: [
          { type: "Escalate", incidentId: "inc-1", reason: page },
          { type: "RunRemedy", incidentId: "inc-1", strike: 1 },
        ],
      },
    ]);
  });

  it("drops a held-back escalation of an incident that resolved during the window", () => {
    const { state } = run(fresh([]), [
      { at: 0, event: window(10 * MIN) },
      { at: 1 * S, event: down("web") },
      { at: 2 * S, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ops" } },
      { at: 10 * MIN, event: tick, effects: [] },
    ]);
    expect(state.deferredEscalations).toEqual([]);
  });

  it("extends an open window by a later one, never shortens it", () => {
    const { state } = run(fresh(), [
      { at: 0, event: window(1 * HOUR) },
      { at: 1 * S, event: window(30 * MIN, ["web", "api"]) },
      { at: 2 * S, event: window(2 * HOUR) },
    ]);
    expect(state.maintenance).toEqual({
      web: { startedAt: 0, endsAt: 2 * HOUR },
      api: { startedAt: 1 * S, endsAt: 30 * MIN },
    });
  });
});

import { describe, expect, it } from "vitest";
import { plan, runTable } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { webDown } from "../../test/support/web-symptoms.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import { buildAutomationView } from "./automation-view.js";
import { DEFAULT_AUTOMATION } from "./default-automation.js";
import { initialState } from "./initial-state.js";

const S = 1000;
const MIN = 60 * S;

describe("buildAutomationView", () => {
  it("shows the budget used and left, actions running and waiting, and the cooldowns in force", () => {
    const rails = { ...DEFAULT_AUTOMATION, concurrency: { perService: 1, total: 1 } };
    const remedies = [plan("service_restart"), plan("failover_activation")];
    const { state: queued } = runTable(initialState(shopSettings(remedies, rails), []), [
      { at: 0, event: webDown },
      { at: 1 * S, event: { ...webDown, service: "api" } as EngineEvent },
    ]);
    expect(buildAutomationView(queued, 1 * S)).toEqual({
      mode: "live",
      isPaused: false,
      changedBy: null,
      changedAt: null,
      note: null,
      cooldownMs: 5 * MIN,
      maxRuns: { count: 3, windowMs: 60 * MIN },
      budget: { actions: 20, windowMs: 60 * MIN, used: 1, left: 19 },
      concurrency: { perService: 1, total: 1, running: 1, queued: 1, held: 0 },
      cooldowns: [
        { remedyIndex: 0, solution: "service_restart", service: "web", lastRunAt: 0, until: 5 * MIN },
      ],
      maintenance: [],
      flapping: { changes: 6, windowMs: 10 * MIN, services: [] },
    });
    // Paused, the queued incident is held too, and so is the next.
    const { state } = runTable(queued, [
      { at: 2 * S, event: { type: "AutomationPaused", by: "ana" } },
      { at: 3 * S, event: { ...webDown, service: "db" } as EngineEvent },
    ]);
    expect(buildAutomationView(state, 4 * S)).toMatchObject({
      isPaused: true,
      changedBy: "ana",
      changedAt: 2 * S,
      concurrency: { running: 1, queued: 0, held: 2 },
    });
    expect(buildAutomationView(state, 5 * MIN).cooldowns).toEqual([]);
    expect(buildAutomationView(state, 60 * MIN).budget).toMatchObject({ used: 0, left: 20 });
  });

  it("lists the services flapping now, with their changes in the window", () => {
    const rails = { ...DEFAULT_AUTOMATION, flapping: { changes: 2, windowMs: 1 * MIN } };
    const { state } = runTable(initialState(shopSettings([], rails), []), [
      { at: 0, event: webDown },
      {
        at: 1 * S,
        event: { type: "SymptomCleared", service: "web", pattern: "uptime_problems", source: "check:0" },
      },
    ]);
    expect(buildAutomationView(state, 1 * S).flapping).toEqual({
      changes: 2,
      windowMs: 1 * MIN,
      services: [{ service: "web", since: 1 * S, changes: 2 }],
    });
  });

  it("lists the services in a maintenance window until it ends", () => {
    const { state } = runTable(initialState(shopSettings([]), []), [
      { at: 0, event: { type: "MaintenanceStarted", services: ["web", "api"], endsAt: 1 * MIN } },
    ]);
    expect(buildAutomationView(state, 1 * S).maintenance).toEqual([
      { service: "web", startedAt: 0, endsAt: 1 * MIN },
      { service: "api", startedAt: 0, endsAt: 1 * MIN },
    ]);
    expect(buildAutomationView(state, 1 * MIN).maintenance).toEqual([]);
  });
});

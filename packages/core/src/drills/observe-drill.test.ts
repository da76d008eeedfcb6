import { describe, expect, it } from "vitest";
import { openIncident } from "../../test/support/open-incident.js";
import type { Drill } from "../protocol/drill.js";
import type { Incident } from "../protocol/engine-state.js";
import { observeDrill } from "./observe-drill.js";
import { startDrill } from "./start-drill.js";

const INJECTED_AT = 10_000;
const DEADLINE_AT = 70_000;

const running: Drill = {
  ...startDrill({
    id: "drill-1",
    service: "web",
    fault: "stop",
    by: "ops",
    startedAt: INJECTED_AT,
    deadlineAt: DEADLINE_AT,
  }),
  injectedAt: INJECTED_AT,
};

/** Observes the drill at each `at` with the incidents as they stood then, carrying the drill along. */
function walk(steps: readonly { at: number; incidents: readonly Incident[] }[]): Drill[] {
  const seen: Drill[] = [];
  let drill = running;
  for (const { at, incidents } of steps) {
    drill = observeDrill(drill, incidents, at);
    seen.push(drill);
  }
  return seen;
}

describe("observeDrill", () => {
  it("records time to detect at the incident's opening and time to repair at its resolution", () => {
    const opened = openIncident({ id: "i1", service: "web", openedAt: 12_500 });
    const resolved = { ...opened, state: "resolved", resolvedAt: 20_000, resolution: "remedied" } as const;
    const [before, detected, repaired] = walk([
      { at: 11_000, incidents: [] },
      { at: 12_500, incidents: [opened] },
      { at: 20_000, incidents: [resolved] },
    ]);
    expect(before).toEqual(running);
    expect(detected).toMatchObject({ outcome: "running", incidentId: "i1", detectMs: 2_500, repairMs: null });
    expect(repaired).toMatchObject({
      outcome: "repaired",
      detectMs: 2_500,
      repairMs: 10_000,
      resolution: "remedied",
      finishedAt: 20_000,
    });
  });

  it("ignores incidents of other services and incidents opened before the injection", () => {
    const other = openIncident({ id: "i1", service: "db", openedAt: 12_000 });
    const earlier = openIncident({ id: "i2", service: "web", openedAt: 9_000 });
    const [during, atDeadline] = walk([
      { at: 30_000, incidents: [other, earlier] },
      { at: DEADLINE_AT, incidents: [other, earlier] },
    ]);
    expect(during?.outcome).toBe("running");
    expect(atDeadline).toMatchObject({ outcome: "not_detected", incidentId: null, finishedAt: DEADLINE_AT });
  });

  it("records the first rail that held the action, and not repaired at the deadline", () => {
    const held = openIncident({
      id: "i1",
      service: "web",
      openedAt: 11_000,
      phase: { kind: "held", reason: "maintenance", since: 11_000 },
    });
    const [holding, atDeadline] = walk([
      { at: 11_000, incidents: [held] },
      { at: DEADLINE_AT, incidents: [{ ...held, phase: { kind: "idle" } }] },
    ]);
    expect(holding).toMatchObject({ outcome: "running", heldBy: "maintenance" });
    expect(atDeadline).toMatchObject({ outcome: "not_repaired", heldBy: "maintenance", detectMs: 1_000 });
    expect(atDeadline?.note).toContain("held by maintenance");
  });

  it("names an approval wait and a spent action budget as rails", () => {
    const awaiting = openIncident({
      id: "i1",
      service: "web",
      openedAt: 11_000,
      phase: { kind: "awaiting_approval", remedyIndex: 0, solution: "service_restart", since: 11_000 },
    });
    const budget = openIncident({
      id: "i2",
      service: "web",
      openedAt: 11_000,
      state: "escalated",
      escalation: { escalationId: "e1", reason: "action_budget", at: 11_000 },
    });
    expect(observeDrill(running, [awaiting], 11_000).heldBy).toBe("approval");
    expect(observeDrill(running, [budget], 11_000).heldBy).toBe("action_budget");
  });

  it("does not count a resolution after the deadline as a repair", () => {
    const late = openIncident({
      id: "i1",
      service: "web",
      openedAt: 11_000,
      state: "resolved",
      resolvedAt: DEADLINE_AT + 1,
      resolution: "remedied",
    });
    expect(observeDrill(running, [late], DEADLINE_AT + 1)).toMatchObject({
      outcome: "not_repaired",
      repairMs: null,
    });
  });

  it("leaves a finished drill, and one whose fault was not injected, as they are", () => {
    const finished: Drill = { ...running, outcome: "not_detected", finishedAt: DEADLINE_AT };
    const notInjected: Drill = { ...running, injectedAt: null };
    const incident = openIncident({ id: "i1", service: "web", openedAt: 11_000 });
    expect(observeDrill(finished, [incident], DEADLINE_AT + 5)).toBe(finished);
    expect(observeDrill(notInjected, [incident], DEADLINE_AT + 5)).toBe(notInjected);
  });
});

import { describe, expect, it } from "vitest";
import { plan, runTable as run } from "../../test/support/engine-table.js";
import { remedyFinished } from "../../test/support/remedy-finished.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown as down, serviceUp as up } from "../../test/support/web-symptoms.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, Incident, RemedyPlan } from "../protocol/engine-state.js";
import { buildEscalationReport } from "../reports/escalation-report.js";
import { nextWakeAt } from "./deadlines.js";
import { DEFAULT_AUTOMATION } from "./default-automation.js";
import { initialState } from "./initial-state.js";
import { step } from "./step.js";

const S = 1000;
const MIN = 60 * S;

function withRemedies(remedies: RemedyPlan[]): EngineState {
  return initialState(shopSettings(remedies, { ...DEFAULT_AUTOMATION, cooldownMs: 0 }), [
    { name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
  ]);
}

const guarded = [plan("service_restart", { isApprovalRequired: true }), plan("failover_activation")];

const approve = (note?: string): EngineEvent => ({
  type: "ActionApproved",
  incidentId: "inc-1",
  by: "ana",
  ...(note === undefined ? {} : { note }),
});
const deny: EngineEvent = { type: "ActionDenied", incidentId: "inc-1", by: "bo", note: "peak traffic" };
const tick: EngineEvent = { type: "Tick" };

function messages(incident: Incident | undefined): string[] {
  return incident?.timeline.map((entry) => entry.message) ?? [];
}

describe("approvals: a remedy with approval required waits for an operator", () => {
  it("waits in awaiting_approval after the re-check, and runs once approved", () => {
    const { state } = run(withRemedies(guarded), [
      { at: 0, event: down("web"), effects: [] },
      { at: 30 * S, event: tick, effects: [] },
      {
        at: 1 * MIN,
        event: approve("go ahead"),
        // Approved, the action goes through the rails again: the symptom is re-checked right before it runs.
        effects: [{ type: "RunRemedy", incidentId: "inc-1", strike: 1, solution: "service_restart" }],
      },
    ]);
    const incident = state.incidents["inc-1"];
    expect(incident?.phase).toEqual({ kind: "running", actionId: "inc-1.001" });
    expect(incident?.strikeStartedAt).toBe(1 * MIN);
    expect(incident?.approvals).toEqual([
      {
        strike: 1,
        remedyIndex: 0,
        solution: "service_restart",
        decision: "approved",
        by: "ana",
        at: 1 * MIN,
        note: "go ahead",
      },
    ]);
    expect(incident?.timeline).toContainEqual({
      at: 1 * MIN,
      kind: "approved",
      message: "strike 1: service_restart approved by ana",
      note: "go ahead",
    });
  });

  it("keeps waiting past the strike budget: the approval timeout bounds the wait", () => {
    const { state } = run(withRemedies(guarded), [{ at: 0, event: down("web") }]);
    expect(state.incidents["inc-1"]?.phase).toEqual({
      kind: "awaiting_approval",
      remedyIndex: 0,
      solution: "service_restart",
      since: 0,
    });
    expect(messages(state.incidents["inc-1"])).toContain("awaiting approval to run service_restart");
    // The strike budget is 5m; the default approval timeout 10m is what the engine wakes for.
    expect(nextWakeAt(state)).toBe(10 * MIN);
    expect(step(state, tick, 9 * MIN).effects).toEqual([]);
  });

  it("denied: the strike fails and strike 2 runs its own remedy", () => {
    const { state } = run(withRemedies(guarded), [
      { at: 0, event: down("web") },
      {
        at: 20 * S,
        event: deny,
        effects: [{ type: "RunRemedy", strike: 2, solution: "failover_activation" }],
      },
    ]);
    const incident = state.incidents["inc-1"];
    expect(incident?.strike).toBe(2);
    expect(messages(incident)).toEqual(
      expect.arrayContaining([
        "strike 1: service_restart denied by bo",
        "strike 1 failed: service_restart denied by bo",
      ]),
    );
    expect(incident?.approvals.map((a) => [a.decision, a.by, a.note])).toEqual([
      ["denied", "bo", "peak traffic"],
    ]);
  });

  it("strike 2 denied escalates as usual, with the answers in the escalation report", () => {
    const bothGuarded = [
      plan("service_restart", { isApprovalRequired: true }),
      plan("failover_activation", { isApprovalRequired: true }),
    ];
    const { state } = run(withRemedies(bothGuarded), [
      { at: 0, event: down("web") },
      { at: 10 * S, event: approve() },
      { at: 11 * S, event: remedyFinished("inc-1.001", false) },
      { at: 12 * S, event: deny, effects: [{ type: "Escalate", reason: "strikes_exhausted" }] },
    ]);
    const incident = state.incidents["inc-1"]!;
    expect(incident.state).toBe("escalated");
    const report = buildEscalationReport(state, incident, incident.escalation!);
    expect(report.approvals).toEqual([
      {
        decision: "approved",
        by: "ana",
        at: new Date(10 * S).toISOString(),
        note: null,
        solution: "service_restart",
        strike: 1,
      },
      {
        decision: "denied",
        by: "bo",
        at: new Date(12 * S).toISOString(),
        note: "peak traffic",
        solution: "failover_activation",
        strike: 2,
      },
    ]);
  });

  it("no answer within the approval timeout counts as denied", () => {
    const { state } = run(withRemedies(guarded), [
      { at: 0, event: down("web") },
      {
        at: 10 * MIN,
        event: tick,
        effects: [{ type: "RunRemedy", strike: 2, solution: "failover_activation" }],
      },
    ]);
    const incident = state.incidents["inc-1"];
    expect(incident?.approvals).toMatchObject([{ decision: "timed_out", by: null, at: 10 * MIN }]);
    expect(messages(incident)).toContain(
      "strike 1: no answer to approve service_restart within 10m, counted as denied",
    );
  });

  it("an answer when nothing awaits approval changes nothing", () => {
    const { state } = run(withRemedies([plan("service_restart")]), [{ at: 0, event: down("web") }]);
    const answered = step(state, approve(), 1 * S);
    expect(answered.state).toBe(state);
    expect(answered.effects).toEqual([]);
  });

  it("a symptom that clears while awaiting approval resolves without acting", () => {
    const { archived } = run(withRemedies(guarded), [
      { at: 0, event: down("web") },
      { at: 5 * S, event: up("web") },
      { at: 7 * S, event: tick, effects: [{ type: "ArchiveIncident" }] },
    ]);
    expect(archived["inc-1"]).toMatchObject({ resolution: "self_recovered", actions: [] });
  });

  it("a pause after the approval holds the approved action, which runs on resume without asking again", () => {
    const { state } = run(withRemedies(guarded), [
      { at: 0, event: down("web") },
      { at: 1 * S, event: { type: "AutomationPaused", by: "ops" } },
      { at: 2 * S, event: approve(), effects: [] },
      {
        at: 3 * S,
        event: { type: "AutomationResumed", by: "ops" },
        effects: [{ type: "RunRemedy", solution: "service_restart" }],
      },
    ]);
    expect(state.incidents["inc-1"]?.approvals).toHaveLength(1);
  });
});

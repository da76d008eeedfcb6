import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { plan, runTable as run } from "../../test/support/engine-table.js";
import { learnedKnowledge } from "../../test/support/learned-knowledge.js";
import { remedyFinished } from "../../test/support/remedy-finished.js";
import { OPEN_RAILS, shopSettings } from "../../test/support/shop-settings.js";
import { webDown as down, webUp as up } from "../../test/support/web-symptoms.js";
import { SEED_PATTERNS } from "../patterns/pattern-catalog.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, RemedyPlan } from "../protocol/engine-state.js";
import type { ErrorPattern } from "../protocol/error-pattern.js";
import { nextWakeAt } from "./deadlines.js";
import { DEFAULT_AUTOMATION } from "./default-automation.js";
import { initialState } from "./initial-state.js";
import { serviceStatus } from "./service-status.js";
import { step } from "./step.js";

const S = 1000;

function freshState(remedies: RemedyPlan[], automation = DEFAULT_AUTOMATION): EngineState {
  return initialState(shopSettings(remedies, automation), [
    { name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
  ]);
}

const archivedInc1 = { type: "ArchiveIncident" as const, incident: expect.objectContaining({ id: "inc-1" }) };

const tick: EngineEvent = { type: "Tick" };

const restartAndFailover = [plan("service_restart"), plan("failover_activation")];

describe("step: the strike ladder on a fake clock", () => {
  it("heals at strike 1 once the symptom stays clear for verify_for", () => {
    const { state, archived } = run(freshState(restartAndFailover), [
      {
        at: 0,
        event: down,
        effects: [
          {
            type: "RunRemedy",
            incidentId: "inc-1",
            actionId: "inc-1.001",
            strike: 1,
            solution: "service_restart",
            dprId: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
          },
        ],
      },
      { at: 500, event: remedyFinished("inc-1.001", true), effects: [] },
      { at: 1000, event: up, effects: [] },
      { at: 2999, event: tick, effects: [] },
      {
        at: 3000,
        event: tick,
        effects: [
          {
            type: "RecordOutcome",
            solution: "service_restart",
            isSuccess: true,
            platform: "exec",
            scale: "any",
            recoveryMs: 1000,
          },
          archivedInc1,
        ],
      },
    ]);
    expect(state.incidents).toEqual({});
    const incident = archived["inc-1"]!;
    expect(incident).toMatchObject({
      state: "resolved",
      resolution: "remedied",
      status: "GREEN",
      resolvedAt: 3000,
    });
    expect(incident.actions[0]).toMatchObject({ outcome: "succeeded", verify: "passed", exitCode: 0 });
    expect(serviceStatus(state, "web")).toBe("GREEN");
    expect(learnedKnowledge(state)).toEqual([
      {
        pattern: "uptime_problems",
        platform: "exec",
        scale: "any",
        solution: "service_restart",
        tries: 1,
        successes: 1,
        // Opened at 0, clear from 1000 on: recovered in 1 s.
        meanRecoveryMs: 1000,
        p90RecoveryMs: 1000,
        recentRecoveryMs: [1000],
        lastOutcome: "succeeded",
        lastAt: 3000,
        lessons: [],
        provenance: "learned",
      },
    ]);
  });

  it("heals at strike 2 when strike 1's remedy leaves the symptom in place", () => {
    const { state, archived } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 500, event: remedyFinished("inc-1.001", true), effects: [] },
      {
        at: 2500,
        event: tick,
        effects: [
          { type: "RecordOutcome", solution: "service_restart", isSuccess: false },
          { type: "RunRemedy", actionId: "inc-1.002", strike: 2, solution: "failover_activation" },
        ],
      },
      { at: 3000, event: remedyFinished("inc-1.002", true), effects: [] },
      { at: 3100, event: up, effects: [] },
      {
        at: 5100,
        event: tick,
        effects: [{ type: "RecordOutcome", solution: "failover_activation", isSuccess: true }, archivedInc1],
      },
    ]);
    expect(state.incidents).toEqual({});
    expect(archived["inc-1"]).toMatchObject({ state: "resolved", strike: 2, resolution: "remedied" });
    expect(archived["inc-1"]!.actions.map((a) => a.verify)).toEqual(["failed", "passed"]);
  });

  it("escalates at strike 3 when both strikes fail", () => {
    const { state } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 500, event: remedyFinished("inc-1.001", true) },
      { at: 2500, event: tick },
      { at: 3000, event: remedyFinished("inc-1.002", true) },
      {
        at: 5000,
        event: tick,
        effects: [
          { type: "RecordOutcome", solution: "failover_activation", isSuccess: false },
          { type: "Escalate", incidentId: "inc-1", reason: "strikes_exhausted" },
        ],
      },
    ]);
    expect(state.incidents["inc-1"]).toMatchObject({ state: "escalated", status: "RED", strike: 3 });
    expect(serviceStatus(state, "web")).toBe("RED");
  });

  it("fails the strike at once when the remedy times out", () => {
    run(freshState(restartAndFailover), [
      { at: 0, event: down },
      {
        at: 30_000,
        event: remedyFinished("inc-1.001", false, { exitCode: null, isTimedOut: true }),
        effects: [
          { type: "RecordOutcome", solution: "service_restart", isSuccess: false },
          { type: "RunRemedy", strike: 2, solution: "failover_activation" },
        ],
      },
    ]);
  });

  it("fails the strike at once when the remedy exits non-zero, even if the symptom cleared", () => {
    const { state } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 100, event: up },
      {
        at: 200,
        event: remedyFinished("inc-1.001", false, { exitCode: 3 }),
        // Strike 2 does not act on the cleared symptom: it verifies that it stays clear.
        effects: [{ type: "RecordOutcome", isSuccess: false }],
      },
    ]);
    expect(state.incidents["inc-1"]!.actions[0]).toMatchObject({ outcome: "failed", exitCode: 3 });
    expect(state.incidents["inc-1"]).toMatchObject({
      strike: 2,
      phase: { kind: "verifying", actionId: null, remedyEndedAt: 100 },
    });
  });

  it("keeps verifying while the symptom flaps inside the window, succeeding only after a full clear window", () => {
    const { archived } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 1000, event: remedyFinished("inc-1.001", true) },
      { at: 1500, event: up, effects: [] },
      { at: 2000, event: down, effects: [] },
      { at: 2500, event: up, effects: [] },
      { at: 3000, event: tick, effects: [] }, // the old remedy-end deadline passes while clear
      { at: 4499, event: tick, effects: [] },
      { at: 4500, event: tick, effects: [{ type: "RecordOutcome", isSuccess: true }, archivedInc1] },
    ]);
    expect(archived["inc-1"]).toMatchObject({ state: "resolved", strike: 1 });
  });

  it("fails the strike when the symptom returns after the verify window", () => {
    run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 1000, event: remedyFinished("inc-1.001", true) },
      { at: 1500, event: up },
      {
        at: 3200,
        event: down,
        effects: [
          { type: "RecordOutcome", isSuccess: false },
          { type: "RunRemedy", strike: 2 },
        ],
      },
    ]);
  });

  it("escalates at once with no remedy configured, and self-recovers after a clear window", () => {
    const { state, archived } = run(freshState([]), [
      { at: 0, event: down, effects: [{ type: "Escalate", reason: "no_remedy" }] },
      { at: 5000, event: up, effects: [] },
      { at: 7000, event: tick, effects: [archivedInc1] },
    ]);
    expect(state.incidents).toEqual({});
    expect(serviceStatus(state, "web")).toBe("GREEN");
    expect(archived["inc-1"]).toMatchObject({ state: "resolved", resolution: "self_recovered" });
    expect(archived["inc-1"]!.timeline.map((entry) => entry.kind)).toEqual([
      "opened",
      "strike_skipped",
      "strike_skipped",
      "escalated",
      "symptom_cleared",
      "resolved",
    ]);
  });

  it("skips strike 1 when only a strike-2 remedy is configured", () => {
    run(freshState([plan("traffic_rerouting")]), [
      { at: 0, event: down, effects: [{ type: "RunRemedy", strike: 2, solution: "traffic_rerouting" }] },
    ]);
  });

  it("picks a different strike-1 remedy once knowledge shows the first one failing", () => {
    const remedies = [plan("service_restart"), plan("DNS_refresh"), plan("failover_activation")];
    // Open rails: the second incident's choice is the knowledge's alone, no cooldown's.
    const first = run(freshState(remedies, OPEN_RAILS), [
      { at: 0, event: down, effects: [{ type: "RunRemedy", solution: "service_restart" }] },
      { at: 100, event: remedyFinished("inc-1.001", false) },
      { at: 200, event: remedyFinished("inc-1.002", true) },
      { at: 300, event: up },
      {
        at: 2300,
        event: tick,
        effects: [{ type: "RecordOutcome", solution: "failover_activation" }, archivedInc1],
      },
    ]);
    // The first incident has left the state; what it taught stays in the knowledge.
    expect(first.state.incidents).toEqual({});
    const { state } = run(first.state, [
      {
        at: 10_000,
        event: down,
        effects: [{ type: "RunRemedy", incidentId: "inc-2", solution: "DNS_refresh" }],
      },
    ]);
    expect(state.incidents["inc-2"]!.actions[0]!.dprId).toBe("PLATFORM.SHOP.DNS_REFRESH.EXEC.20000.001");
  });

  it("cancels a remedy that outlives the strike budget and moves on", () => {
    run(freshState(restartAndFailover), [
      { at: 0, event: down },
      {
        at: 300_000,
        event: tick,
        effects: [
          { type: "CancelRemedy", actionId: "inc-1.001" },
          { type: "RecordOutcome", isSuccess: false },
          { type: "RunRemedy", strike: 2 },
        ],
      },
      { at: 300_001, event: remedyFinished("inc-1.001", true), effects: [] },
    ]);
  });

  it("verifies instead of re-running a remedy interrupted by a restart", () => {
    const { archived } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      {
        at: 9000,
        event: { type: "RemedyInterrupted", incidentId: "inc-1", actionId: "inc-1.001" },
        effects: [],
      },
      { at: 9500, event: up, effects: [] },
      { at: 11_500, event: tick, effects: [{ type: "RecordOutcome", isSuccess: true }, archivedInc1] },
    ]);
    expect(archived["inc-1"]!.actions[0]).toMatchObject({ outcome: "interrupted", verify: "passed" });
  });

  it("lets an operator resolve a live incident, cancelling its running remedy", () => {
    const { state, archived } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 10, event: { type: "IncidentAcknowledged", incidentId: "inc-1", by: "ana" }, effects: [] },
      {
        at: 20,
        event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" },
        effects: [{ type: "CancelRemedy", actionId: "inc-1.001" }, archivedInc1],
      },
      { at: 30, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" }, effects: [] },
      { at: 40, event: { type: "IncidentAcknowledged", incidentId: "inc-1", by: "bo" }, effects: [] },
    ]);
    expect(state.incidents).toEqual({});
    expect(archived["inc-1"]).toMatchObject({
      state: "resolved",
      resolution: "operator",
      acknowledgedBy: "ana",
    });
  });

  it("keeps an operator's note on the ack's and the resolve's timeline entries, and none when not given", () => {
    const { state, archived } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      {
        at: 10,
        event: { type: "IncidentAcknowledged", incidentId: "inc-1", by: "bo", note: "looking at the pool" },
      },
      { at: 15, event: { type: "IncidentAcknowledged", incidentId: "inc-1", by: "ana" } },
      {
        at: 20,
        event: {
          type: "IncidentResolvedByOperator",
          incidentId: "inc-1",
          by: "ana",
          note: "DB pool exhausted; raised max_connections",
        },
        effects: [{ type: "CancelRemedy", actionId: "inc-1.001" }, archivedInc1],
      },
    ]);
    expect(state.incidents).toEqual({});
    expect(archived["inc-1"]!.timeline.slice(-3)).toEqual([
      { at: 10, kind: "acknowledged", message: "acknowledged by bo", note: "looking at the pool" },
      { at: 15, kind: "acknowledged", message: "acknowledged by ana" },
      {
        at: 20,
        kind: "resolved",
        message: "resolved by ana",
        note: "DB pool exhausted; raised max_connections",
      },
    ]);
  });

  it("joins a second source to the live incident instead of opening another", () => {
    const health: EngineEvent = {
      ...down,
      source: "health",
      symptom: "health_check_failures",
    } as EngineEvent;
    const { state } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 10, event: health, effects: [] },
      { at: 20, event: up, effects: [] },
    ]);
    expect(Object.keys(state.incidents)).toEqual(["inc-1"]);
    expect(state.incidents["inc-1"]!.activeSources).toEqual(["health"]);
  });

  it("registers a service it has never seen as discovered", () => {
    const { state } = run(freshState(restartAndFailover), [
      {
        at: 0,
        event: { ...down, service: "api" } as EngineEvent,
        effects: [{ type: "RunRemedy", service: "api" }],
      },
    ]);
    expect(state.services.api).toMatchObject({ isDiscovered: true, platform: "unknown" });
  });

  it("returns the same state object for an event that changes nothing", () => {
    const state = freshState(restartAndFailover);
    expect(step(state, tick, 0).state).toBe(state);
    expect(step(state, up, 0).state).toBe(state);
  });

  it("reports the next deadline it waits on", () => {
    let state = freshState(restartAndFailover);
    expect(nextWakeAt(state)).toBeUndefined();
    state = stepAnsweringRechecks(state, down, 0).state;
    expect(nextWakeAt(state)).toBe(300_000);
    state = step(state, remedyFinished("inc-1.001", true), 500).state;
    expect(nextWakeAt(state)).toBe(2500);
    state = step(state, up, 1000).state;
    expect(nextWakeAt(state)).toBe(3000);
  });
});

describe("step: the pattern catalog comes with the settings", () => {
  const queueBacklog: ErrorPattern = {
    name: "queue_backlog",
    symptoms: ["consumer_lag"],
    strike1Solutions: ["consumer_restart"],
    strike2Alternatives: ["partition_rebalance"],
    escalationTriggers: ["message_loss"],
  };
  const lagging: EngineEvent = {
    type: "SymptomSeen",
    service: "web",
    pattern: "queue_backlog",
    symptom: "consumer_lag",
    source: "alert:ConsumerLag:0",
  };
  const remedies = [plan("consumer_restart"), plan("service_restart")];

  it("runs the strike-1 remedy of a pattern the settings' catalog adds", () => {
    const extended = { ...shopSettings(remedies), patterns: [...SEED_PATTERNS, queueBacklog] };
    const { state } = run(initialState(extended, []), [
      {
        at: 0,
        event: lagging,
        effects: [
          {
            type: "RunRemedy",
            incidentId: "inc-1",
            strike: 1,
            solution: "consumer_restart",
            dprId: "PLATFORM.SHOP.CONSUMER_RESTART.EXEC.20000.001",
          },
        ],
      },
    ]);
    expect(state.incidents["inc-1"]).toMatchObject({ pattern: "queue_backlog", state: "open", strike: 1 });
  });

  it("finds no remedy for that pattern with the seed catalog alone, and escalates", () => {
    const { state } = run(initialState(shopSettings(remedies), []), [
      { at: 0, event: lagging, effects: [{ type: "Escalate", incidentId: "inc-1", reason: "no_remedy" }] },
    ]);
    expect(state.incidents["inc-1"]?.actions).toEqual([]);
  });
});

describe("step: only live incidents stay in the state", () => {
  it("keeps the state bounded over many incidents while numbering, DPR steps and knowledge carry on", () => {
    // Open rails: the same remedy runs every 100 s, which cooldown and the budget would hold back.
    let state = freshState(restartAndFailover, OPEN_RAILS);
    for (let n = 1; n <= 300; n += 1) {
      const t = n * 100 * S;
      const id = `inc-${n}`;
      const { state: next, archived } = run(state, [
        { at: t, event: down, effects: [{ type: "RunRemedy", incidentId: id, actionId: `${id}.001` }] },
        { at: t + 500, event: { ...remedyFinished(`${id}.001`, true), incidentId: id } as EngineEvent },
        { at: t + 1000, event: up },
        {
          at: t + 3000,
          event: tick,
          effects: [{ type: "RecordOutcome", isSuccess: true }, { type: "ArchiveIncident" }],
        },
      ]);
      expect(archived[id]).toMatchObject({ state: "resolved", resolution: "remedied", resolvedAt: t + 3000 });
      expect(Object.keys(next.incidents)).toEqual([]);
      state = next;
    }
    expect(state.nextIncidentNumber).toBe(301);
    expect(learnedKnowledge(state)).toMatchObject([
      { solution: "service_restart", tries: 300, successes: 300, recentRecoveryMs: Array(50).fill(1000) },
    ]);
    expect(nextWakeAt(state)).toBeUndefined();

    // The ladder of the next incident runs as it did for the first: both strikes, then a human.
    const { state: escalated } = run(state, [
      {
        at: 40_000 * S,
        event: down,
        effects: [{ type: "RunRemedy", incidentId: "inc-301", actionId: "inc-301.001", strike: 1 }],
      },
      {
        at: 40_000 * S + 500,
        event: { ...remedyFinished("inc-301.001", false), incidentId: "inc-301" } as EngineEvent,
        effects: [
          { type: "RecordOutcome", isSuccess: false },
          {
            type: "RunRemedy",
            actionId: "inc-301.002",
            strike: 2,
            dprId: "PLATFORM.SHOP.FAILOVER_ACTIVATION.EXEC.20000.002",
          },
        ],
      },
      {
        at: 40_000 * S + 900,
        event: { ...remedyFinished("inc-301.002", false), incidentId: "inc-301" } as EngineEvent,
        effects: [
          { type: "RecordOutcome", isSuccess: false },
          { type: "Escalate", incidentId: "inc-301", reason: "strikes_exhausted" },
        ],
      },
    ]);
    expect(Object.keys(escalated.incidents)).toEqual(["inc-301"]);
    expect(serviceStatus(escalated, "web")).toBe("RED");
  });

  it("lets an operator close an escalation: it leaves the state and the service turns GREEN", () => {
    const { state, archived } = run(freshState([]), [
      { at: 0, event: down, effects: [{ type: "Escalate", incidentId: "inc-1" }] },
      {
        at: 60 * S,
        event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" },
        effects: [archivedInc1],
      },
      { at: 61 * S, event: up, effects: [] },
      { at: 62 * S, event: down, effects: [{ type: "Escalate", incidentId: "inc-2" }] },
    ]);
    expect(archived["inc-1"]).toMatchObject({ state: "resolved", resolution: "operator", strike: 3 });
    expect(archived["inc-1"]!.escalation).toMatchObject({ reason: "no_remedy" });
    expect(Object.keys(state.incidents)).toEqual(["inc-2"]);
  });

  it("ignores acknowledging or resolving an incident that has left the state", () => {
    const { state } = run(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 10, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" } },
    ]);
    expect(step(state, { type: "IncidentAcknowledged", incidentId: "inc-1", by: "bo" }, 20)).toEqual({
      state,
      effects: [],
    });
    expect(step(state, remedyFinished("inc-1.001", true), 30).state).toBe(state);
  });
});

describe("step: pushed health reports", () => {
  it("acts on a failing report at once, registers unknown services, and clears on ok", () => {
    let state = freshState(restartAndFailover);
    const failing = stepAnsweringRechecks(
      state,
      { type: "HealthReported", service: "api", status: "failing", detail: "db down" },
      0,
    );
    expect(failing.effects).toMatchObject([
      { type: "RunRemedy", service: "api", solution: "service_restart" },
    ]);
    state = failing.state;
    expect(state.services.api).toMatchObject({ isDiscovered: true });
    expect(state.incidents["inc-1"]).toMatchObject({
      symptom: "health_check_failures",
      activeSources: ["health"],
    });
    state = step(state, { type: "HealthReported", service: "api", status: "ok" }, 10).state;
    expect(state.incidents["inc-1"]!.activeSources).toEqual([]);
  });

  it("registers a degraded or ok unknown service without opening an incident", () => {
    const state = step(
      freshState([]),
      { type: "HealthReported", service: "batch", status: "degraded" },
      0,
    ).state;
    expect(state.services.batch).toMatchObject({ isDiscovered: true });
    expect(state.incidents).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { plan, runTable as run } from "../../test/support/engine-table.js";
import { learnedKnowledge } from "../../test/support/learned-knowledge.js";
import { remedyFinished } from "../../test/support/remedy-finished.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown as down, serviceUp as up, webSlow } from "../../test/support/web-symptoms.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { AutomationSettings, EngineState, Incident, RemedyPlan } from "../protocol/engine-state.js";
import { DEFAULT_AUTOMATION } from "./default-automation.js";
import { initialState } from "./initial-state.js";
import { step } from "./step.js";

const S = 1000;
const MIN = 60 * S;

const restartAndFailover = [plan("service_restart"), plan("failover_activation")];

function railed(
  automation: Partial<AutomationSettings>,
  remedies: RemedyPlan[] = restartAndFailover,
): EngineState {
  return initialState(
    shopSettings(remedies, { ...DEFAULT_AUTOMATION, ...automation }),
    ["web", "api", "db"].map((name) => ({
      name,
      platform: "exec",
      isDiscovered: false,
      verifyForMs: 2 * S,
      dependsOn: [],
    })),
  );
}

function rechecked(incidentId: string, isPresent: boolean): EngineEvent {
  return { type: "SymptomRechecked", incidentId, isPresent };
}

const tick: EngineEvent = { type: "Tick" };
const paused: EngineEvent = { type: "AutomationPaused", by: "ana", note: "deploy in progress" };
const resumed: EngineEvent = { type: "AutomationResumed", by: "bo" };

function messages(incident: Incident | undefined): string[] {
  return incident?.timeline.map((entry) => entry.message) ?? [];
}

describe("rails: cooldown per (remedy, service)", () => {
  it("holds a remedy back on a service for the cooldown after it ran there, across incidents", () => {
    const { state, archived } = run(railed({}), [
      {
        at: 0,
        event: down("web"),
        effects: [{ type: "RunRemedy", incidentId: "inc-1", solution: "service_restart" }],
      },
      { at: 1 * S, event: remedyFinished("inc-1.001", true) },
      { at: 2 * S, event: up("web") },
      { at: 4 * S, event: tick, effects: [{ type: "RecordOutcome" }, { type: "ArchiveIncident" }] },
      // The service flaps: the restart may not run again within 5m; the ladder moves on to strike 2.
      {
        at: 1 * MIN,
        event: down("web"),
        effects: [{ type: "RunRemedy", incidentId: "inc-2", strike: 2, solution: "failover_activation" }],
      },
      // Another service is not held back by web's cooldown.
      {
        at: 1 * MIN + 1,
        event: down("api"),
        effects: [{ type: "RunRemedy", incidentId: "inc-3", strike: 1, solution: "service_restart" }],
      },
      { at: 1 * MIN + 2 * S, event: remedyFinished("inc-2.001", true, { incidentId: "inc-2" }) },
      { at: 1 * MIN + 3 * S, event: up("web") },
      { at: 1 * MIN + 5 * S, event: tick, effects: [{ type: "RecordOutcome" }, { type: "ArchiveIncident" }] },
      // Past the cooldown, the restart runs on web again.
      {
        at: 5 * MIN + 1,
        event: down("web"),
        effects: [{ type: "RunRemedy", incidentId: "inc-4", strike: 1, solution: "service_restart" }],
      },
    ]);
    expect(messages(archived["inc-2"])).toEqual(
      expect.arrayContaining([
        "service_restart held back: cooldown on web for 4m more (cooldown 5m)",
        "strike 1 skipped: every remedy is held back by the rails",
      ]),
    );
    expect(state.incidents["inc-4"]?.phase).toEqual({ kind: "running", actionId: "inc-4.001" });
  });

  it("escalates when every remedy of both strikes is held back", () => {
    const { state } = run(railed({}), [
      { at: 0, event: down("web") },
      {
        at: 1 * S,
        event: remedyFinished("inc-1.001", false),
        effects: [{ type: "RecordOutcome" }, { type: "RunRemedy", strike: 2 }],
      },
      { at: 2 * S, event: remedyFinished("inc-1.002", true) },
      { at: 3 * S, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" } },
      {
        at: 4 * S,
        event: down("web"),
        effects: [{ type: "Escalate", incidentId: "inc-2", reason: "strikes_exhausted" }],
      },
    ]);
    expect(messages(state.incidents["inc-2"])).toEqual(
      expect.arrayContaining([
        "failover_activation held back: cooldown on web for 4m57s more (cooldown 5m)",
        "strike 2 skipped: every remedy is held back by the rails",
      ]),
    );
  });
});

describe("rails: max runs per window per (remedy, service)", () => {
  it("holds a remedy back after max_runs runs on a service within the window, counted across incidents", () => {
    const rails = { cooldownMs: 1 * S, maxRuns: { count: 3, windowMs: 60 * MIN } };
    const fixed = (n: number, at: number) => [
      {
        at,
        event: down("web"),
        effects: [
          {
            type: "RunRemedy" as const,
            incidentId: `inc-${n}`,
            strike: 1 as const,
            solution: "service_restart",
          },
        ],
      },
      { at: at + 1 * S, event: remedyFinished(`inc-${n}.001`, true, { incidentId: `inc-${n}` }) },
      { at: at + 2 * S, event: up("web") },
      { at: at + 4 * S, event: tick },
    ];
    const { state } = run(railed(rails), [
      ...fixed(1, 0),
      ...fixed(2, 10 * MIN),
      ...fixed(3, 20 * MIN),
      {
        at: 30 * MIN,
        event: down("web"),
        effects: [{ type: "RunRemedy", incidentId: "inc-4", strike: 2, solution: "failover_activation" }],
      },
      { at: 30 * MIN + 1 * S, event: remedyFinished("inc-4.001", true, { incidentId: "inc-4" }) },
      { at: 30 * MIN + 2 * S, event: up("web") },
      { at: 30 * MIN + 4 * S, event: tick },
      // The first run has left the hour: two in the window, so a third may run.
      ...fixed(5, 60 * MIN + 1),
    ]);
    expect(state.incidents).toEqual({});
    // Only what a rail can still count is kept.
    expect(state.actionLog.map((entry) => entry.at)).toEqual([10 * MIN, 20 * MIN, 30 * MIN, 60 * MIN + 1]);
  });

  it("says why on the timeline", () => {
    const rails = { cooldownMs: 0, maxRuns: { count: 1, windowMs: 60 * MIN } };
    const { state } = run(railed(rails), [
      { at: 0, event: down("web") },
      { at: 1 * S, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" } },
      { at: 2 * S, event: down("web"), effects: [{ type: "RunRemedy", incidentId: "inc-2", strike: 2 }] },
    ]);
    expect(messages(state.incidents["inc-2"])).toContain(
      "service_restart held back: ran 1 times on web in the last 1h (max_runs 1 per 1h)",
    );
  });
});

describe("rails: the global action budget", () => {
  it("escalates with reason action_budget instead of acting once the budget is spent", () => {
    const rails = { budget: { actions: 2, windowMs: 60 * MIN } };
    const { state } = run(railed(rails), [
      { at: 0, event: down("web"), effects: [{ type: "RunRemedy", incidentId: "inc-1" }] },
      { at: 1 * S, event: down("api"), effects: [{ type: "RunRemedy", incidentId: "inc-2" }] },
      {
        at: 2 * S,
        event: down("db"),
        effects: [{ type: "Escalate", incidentId: "inc-3", reason: "action_budget" }],
      },
    ]);
    const db = state.incidents["inc-3"]!;
    expect(db).toMatchObject({ state: "escalated", status: "RED", actions: [] });
    expect(messages(db)).toContain("action budget spent: 2 actions in the last 1h (budget 2)");
  });

  it("acts again once older actions leave the window", () => {
    const rails = { budget: { actions: 1, windowMs: 10 * MIN } };
    run(railed(rails), [
      { at: 0, event: down("web"), effects: [{ type: "RunRemedy", incidentId: "inc-1" }] },
      {
        at: 1 * S,
        event: down("api"),
        effects: [{ type: "Escalate", incidentId: "inc-2", reason: "action_budget" }],
      },
      { at: 2 * S, event: remedyFinished("inc-1.001", true) },
      { at: 3 * S, event: up("web") },
      { at: 5 * S, event: tick, effects: [{ type: "RecordOutcome" }, { type: "ArchiveIncident" }] },
      { at: 10 * MIN - 1, event: down("db"), effects: [{ type: "Escalate", incidentId: "inc-3" }] },
      { at: 10 * MIN + 1, event: down("web"), effects: [{ type: "RunRemedy", incidentId: "inc-4" }] },
    ]);
  });
});

describe("rails: concurrency", () => {
  const withScaling = [...restartAndFailover, plan("resource_scaling")];

  it("queues a second action on a service until the first ends", () => {
    const { state } = run(railed({}, withScaling), [
      { at: 0, event: down("web"), effects: [{ type: "RunRemedy", incidentId: "inc-1" }] },
      { at: 1 * S, event: webSlow, effects: [] },
    ]);
    const slow = state.incidents["inc-2"]!;
    expect(slow.phase).toEqual({ kind: "queued", since: 1 * S });
    expect(messages(slow)).toContain("queued: 1 running on web (per_service 1)");
    run(state, [
      { at: 2 * S, event: tick, effects: [] },
      {
        at: 3 * S,
        event: remedyFinished("inc-1.001", true),
        effects: [{ type: "RunRemedy", incidentId: "inc-2", solution: "resource_scaling" }],
      },
    ]);
  });

  it("queues past the total, and a queued strike fails at its budget, to queue again at strike 2", () => {
    const { state } = run(railed({ concurrency: { perService: 1, total: 1 } }), [
      { at: 0, event: down("web"), effects: [{ type: "RunRemedy", incidentId: "inc-1" }] },
      { at: 1 * S, event: down("api"), effects: [] },
      {
        at: 5 * MIN,
        event: tick,
        effects: [
          { type: "CancelRemedy", actionId: "inc-1.001" },
          { type: "RecordOutcome", isSuccess: false },
          { type: "RunRemedy", actionId: "inc-1.002", strike: 2 },
        ],
      },
      // api's strike 1 ran out a second later, never having acted: nothing learned, strike 2 queues.
      { at: 5 * MIN + 1 * S, event: tick, effects: [] },
    ]);
    const api = state.incidents["inc-2"]!;
    expect(messages(api)).toEqual(
      expect.arrayContaining([
        "queued: 1 running in all (total 1)",
        "strike 1 failed: strike budget ran out while queued",
      ]),
    );
    expect(api).toMatchObject({ strike: 2, phase: { kind: "queued" }, actions: [] });
  });

  it("takes a queued incident whose symptom cleared to its verify window without acting", () => {
    const { archived } = run(railed({}, withScaling), [
      { at: 0, event: down("web") },
      { at: 1 * S, event: webSlow },
      {
        at: 2 * S,
        event: { type: "SymptomCleared", service: "web", pattern: "performance_issues", source: "check:1" },
        effects: [],
      },
      { at: 3 * S, event: remedyFinished("inc-1.001", true), effects: [] },
      {
        at: 4 * S,
        event: tick,
        effects: [{ type: "ArchiveIncident", incident: expect.objectContaining({ id: "inc-2" }) }],
      },
    ]);
    expect(archived["inc-2"]).toMatchObject({ resolution: "self_recovered", actions: [] });
  });
});

describe("rails: the kill switch", () => {
  it("holds new actions while paused; the strike budgets still run out, and the incident escalates", () => {
    const { state } = run(railed({}), [
      { at: 0, event: paused, effects: [] },
      { at: 1 * S, event: down("web"), effects: [] },
      { at: 5 * MIN + 1 * S, event: tick, effects: [] },
      {
        at: 20 * MIN + 1 * S,
        event: tick,
        effects: [{ type: "Escalate", incidentId: "inc-1", reason: "strikes_exhausted" }],
      },
    ]);
    expect(state.automation).toEqual({
      isPaused: true,
      changedBy: "ana",
      changedAt: 0,
      note: "deploy in progress",
    });
    const incident = state.incidents["inc-1"]!;
    expect(incident.actions).toEqual([]);
    expect(messages(incident)).toEqual(
      expect.arrayContaining([
        "held: automation paused by ana",
        "strike 1 failed: strike budget ran out while held (paused)",
      ]),
    );
  });

  it("resolves a held incident as self-recovered once its symptom stayed clear, without acting", () => {
    const { archived } = run(railed({}), [
      { at: 0, event: paused },
      { at: 1 * S, event: down("web"), effects: [] },
      { at: 2 * S, event: up("web"), effects: [] },
      { at: 4 * S - 1, event: tick, effects: [] },
      { at: 4 * S, event: tick, effects: [{ type: "ArchiveIncident" }] },
    ]);
    expect(archived["inc-1"]).toMatchObject({ resolution: "self_recovered", actions: [] });
    expect(messages(archived["inc-1"]).at(-1)).toBe("symptom stayed clear without an action: self-recovered");
  });

  it("lets held incidents act on resume, and lets running actions finish", () => {
    const { state } = run(railed({}), [
      { at: 0, event: down("web"), effects: [{ type: "RunRemedy", incidentId: "inc-1" }] },
      { at: 1 * S, event: paused, effects: [] },
      { at: 2 * S, event: down("api"), effects: [] },
      { at: 3 * S, event: remedyFinished("inc-1.001", true), effects: [] },
      { at: 4 * S, event: resumed, effects: [{ type: "RunRemedy", incidentId: "inc-2", strike: 1 }] },
    ]);
    expect(state.incidents["inc-1"]!.actions[0]).toMatchObject({ outcome: "succeeded" });
    expect(state.automation).toMatchObject({
      isPaused: false,
      changedBy: "bo",
      changedAt: 4 * S,
      note: null,
    });
  });

  it("holds an incident whose re-check answers after the pause", () => {
    const { state } = run(
      railed({}),
      [
        { at: 0, event: down("web"), effects: [{ type: "RecheckSymptom", incidentId: "inc-1" }] },
        { at: 1, event: paused, effects: [] },
        { at: 2, event: rechecked("inc-1", true), effects: [] },
      ],
      { isRecheckAnswered: false },
    );
    expect(state.incidents["inc-1"]!.phase).toEqual({ kind: "held", reason: "paused", since: 2 });
  });

  it("changes nothing when paused twice or resumed while running", () => {
    const state = railed({});
    expect(step(state, resumed, 0).state).toBe(state);
    const once = step(state, paused, 0).state;
    expect(step(once, { ...paused, by: "cy" } as EngineEvent, 5).state).toBe(once);
  });
});

describe("rails: dry run", () => {
  it("records would_run and never runs or learns, globally; the ladder goes on as the symptom stays", () => {
    const { state } = run(railed({ mode: "dry_run" }), [
      {
        at: 0,
        event: down("web"),
        effects: [{ type: "RunRemedy", actionId: "inc-1.001", solution: "service_restart", isDryRun: true }],
      },
      {
        at: 2 * S,
        event: tick,
        effects: [
          {
            type: "RunRemedy",
            actionId: "inc-1.002",
            strike: 2,
            solution: "failover_activation",
            isDryRun: true,
          },
        ],
      },
      { at: 4 * S, event: tick, effects: [{ type: "Escalate", reason: "strikes_exhausted" }] },
    ]);
    const incident = state.incidents["inc-1"]!;
    expect(incident.actions.map((action) => [action.outcome, action.verify])).toEqual([
      ["would_run", "failed"],
      ["would_run", "failed"],
    ]);
    expect(messages(incident)).toContain("strike 1: dry run, would run service_restart");
    expect(learnedKnowledge(state)).toEqual([]);
  });

  it("is set per remedy too", () => {
    const remedies = [plan("service_restart", { isDryRun: true }), plan("failover_activation")];
    run(railed({}, remedies), [
      { at: 0, event: down("web"), effects: [{ type: "RunRemedy", isDryRun: true }] },
      { at: 2 * S, event: tick, effects: [{ type: "RunRemedy", strike: 2, isDryRun: false }] },
    ]);
  });

  it("counts as self-recovered when the symptom clears after a dry run, and counts for cooldown", () => {
    const { archived } = run(railed({ mode: "dry_run" }), [
      { at: 0, event: down("web") },
      { at: 500, event: up("web") },
      { at: 2500, event: tick, effects: [{ type: "ArchiveIncident" }] },
      { at: 3000, event: down("web"), effects: [{ type: "RunRemedy", strike: 2, isDryRun: true }] },
    ]);
    expect(archived["inc-1"]).toMatchObject({ resolution: "self_recovered" });
    expect(archived["inc-1"]!.actions[0]).toMatchObject({ outcome: "would_run", verify: "passed" });
  });
});

describe("rails: never act on a cleared symptom", () => {
  it("re-checks the symptom right before acting, and acts only when it is still there", () => {
    const { state } = run(
      railed({}),
      [
        {
          at: 0,
          event: down("web"),
          effects: [
            {
              type: "RecheckSymptom",
              incidentId: "inc-1",
              service: "web",
              pattern: "uptime_problems",
              sources: ["check:0"],
            },
          ],
        },
        { at: 50, event: rechecked("inc-1", true), effects: [{ type: "RunRemedy", actionId: "inc-1.001" }] },
        // A late or repeated answer changes nothing.
        { at: 60, event: rechecked("inc-1", false), effects: [] },
      ],
      { isRecheckAnswered: false },
    );
    expect(state.incidents["inc-1"]!.phase).toEqual({ kind: "running", actionId: "inc-1.001" });
  });

  it("verifies without acting when the re-check finds the symptom gone, and resolves it self-recovered", () => {
    const { state, archived } = run(
      railed({}),
      [
        { at: 0, event: down("web"), effects: [{ type: "RecheckSymptom" }] },
        { at: 50, event: rechecked("inc-1", false), effects: [] },
        { at: 2049, event: tick, effects: [] },
        { at: 2050, event: tick, effects: [{ type: "ArchiveIncident" }] },
      ],
      { isRecheckAnswered: false },
    );
    expect(state.incidents).toEqual({});
    expect(archived["inc-1"]).toMatchObject({ resolution: "self_recovered", actions: [], activeSources: [] });
    expect(messages(archived["inc-1"])).toContain(
      "symptom cleared before acting (re-checked): nothing run, verifying it stays clear",
    );
    expect(state.actionLog).toEqual([]);
  });

  it("tries again when the symptom comes back during that verify window", () => {
    run(
      railed({}),
      [
        { at: 0, event: down("web") },
        { at: 50, event: rechecked("inc-1", false) },
        { at: 1000, event: down("web"), effects: [{ type: "RecheckSymptom", incidentId: "inc-1" }] },
        { at: 1050, event: rechecked("inc-1", true), effects: [{ type: "RunRemedy", strike: 1 }] },
      ],
      { isRecheckAnswered: false },
    );
  });

  it("holds a concurrency slot while re-checking", () => {
    const { state } = run(
      railed({ concurrency: { perService: 1, total: 1 } }),
      [
        { at: 0, event: down("web"), effects: [{ type: "RecheckSymptom", incidentId: "inc-1" }] },
        { at: 1, event: down("api"), effects: [] },
        {
          at: 2,
          event: rechecked("inc-1", false),
          effects: [{ type: "RecheckSymptom", incidentId: "inc-2" }],
        },
      ],
      { isRecheckAnswered: false },
    );
    expect(state.incidents["inc-2"]!.phase).toEqual({ kind: "rechecking", remedyIndex: 0, since: 2 });
  });
});

import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { plan } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { webDown, webUp } from "../../test/support/web-symptoms.js";
import { DEFAULT_AUTOMATION } from "../engine/default-automation.js";
import { initialState } from "../engine/initial-state.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { AutomationSettings, EngineState, Incident, RemedyPlan } from "../protocol/engine-state.js";
import type { ReplayReport } from "../protocol/replay-report.js";
import { replayRecording } from "./replay-recording.js";
import type { JournalEntry } from "./run-journal.js";

const S = 1000;

const SERVICES = ["web", "api", "db", "cache", "queue"];

function engine(remedies: RemedyPlan[], rails: Partial<AutomationSettings> = {}): EngineState {
  return initialState(
    {
      ...shopSettings(remedies, { ...DEFAULT_AUTOMATION, ...rails }),
      strike1TimeoutMs: 10 * S,
      strike2TimeoutMs: 10 * S,
    },
    SERVICES.map((name) => ({
      name,
      platform: "exec",
      isDiscovered: false,
      verifyForMs: 2 * S,
      dependsOn: [],
    })),
  );
}

type Recording = { readonly journal: JournalEntry[]; readonly recorded: Incident[] };

/**
 * What the daemon did with `journal` under `initial`: it stepped each row, so its stored incidents are the
 * archived ones and those still live at the end.
 */
function record(initial: EngineState, journal: JournalEntry[]): Recording {
  let state = initial;
  const archived: Incident[] = [];
  for (const { at, event } of journal) {
    // The daemon probes each symptom again before acting; here it is always still there.
    const result = stepAnsweringRechecks(state, event, at);
    for (const effect of result.effects)
      if (effect.type === "ArchiveIncident") archived.push(effect.incident);
    state = result.state;
  }
  return { journal, recorded: [...archived, ...Object.values(state.incidents)] };
}

function finished(incidentId: string, actionId: string, ok: boolean, durationMs: number): EngineEvent {
  return {
    type: "RemedyFinished",
    incidentId,
    actionId,
    ok,
    exitCode: ok ? 0 : 3,
    durationMs,
    isTimedOut: false,
  };
}

const tick: EngineEvent = { type: "Tick" };

function down(service: string): EngineEvent {
  return { ...webDown, service } as EngineEvent;
}

function up(service: string): EngineEvent {
  return { ...webUp, service } as EngineEvent;
}

function replay(recording: Recording, initial: EngineState, span: { fromMs?: number; toMs?: number } = {}) {
  const result = replayRecording({ ...recording, initial, ...span });
  if (!result.ok) throw new Error(`replay failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** web goes down at 0, a 500 ms restart runs, web is back at 1 s and verified clear at 3 s. */
const healedByRestart: JournalEntry[] = [
  { at: 0, event: webDown },
  { at: 500, event: finished("inc-1", "inc-1.001", true, 500) },
  { at: 1000, event: webUp },
  { at: 3000, event: tick },
];

describe("replayRecording: the recorded journal under other settings", () => {
  it("does again what was done when the settings are the recorded ones", () => {
    const restart = engine([plan("service_restart")]);
    const report = replay(record(restart, healedByRestart), restart);
    expect(report.incidents).toHaveLength(1);
    const [incident] = report.incidents;
    const recorded = {
      kind: "incident",
      incidentId: "inc-1",
      state: "resolved",
      resolution: "remedied",
      strike: 1,
      escalation: null,
      resolvedAt: 3000,
      timeToResolveMs: 3000,
    };
    expect(incident).toMatchObject({ service: "web", pattern: "uptime_problems", openedAt: 0, recorded });
    expect(incident!.replayed).toMatchObject(recorded);
    expect(incident!.recorded.kind === "incident" && incident!.recorded.actions).toEqual([
      expect.objectContaining({ solution: "service_restart", outcome: "succeeded", verify: "passed" }),
    ]);
    expect(incident!.replayed.kind === "incident" && incident!.replayed.actions).toEqual([
      {
        actionId: "inc-1.001",
        strike: 1,
        solution: "service_restart",
        startedAt: 0,
        outcome: "succeeded",
        verify: "passed",
        simulated: { basis: "recorded", actionId: "inc-1.001" },
      },
    ]);
    expect(report.summary.replayed).toEqual(report.summary.recorded);
    expect(report).toMatchObject({
      from: 0,
      to: 3000,
      journalEvents: 4,
      replayedEvents: 2,
      simulatedOutcomes: { recorded: 1, assumed: 0 },
    });
  });

  it("escalates where the recording acted when the new settings have no remedy", () => {
    const report = replay(record(engine([plan("service_restart")]), healedByRestart), engine([]));
    expect(report.incidents[0]!.replayed).toMatchObject({
      kind: "incident",
      actions: [],
      strike: 3,
      escalation: { reason: "no_remedy", at: 0 },
      // The symptom cleared at 1 s as recorded: a replay cannot know it would not have without the restart.
      state: "resolved",
      resolution: "self_recovered",
      timeToResolveMs: 3000,
    });
    expect(report.summary).toEqual({
      recorded: { incidents: 1, actions: 1, escalations: 0, resolved: 1, meanTimeToResolveMs: 3000 },
      replayed: { incidents: 1, actions: 0, escalations: 1, resolved: 1, meanTimeToResolveMs: 3000 },
    });
  });

  it("assumes a solution the recording never ran succeeds at once, and says so", () => {
    const report = replay(
      record(engine([plan("service_restart")]), healedByRestart),
      engine([plan("DNS_refresh")]),
    );
    expect(report.incidents[0]!.replayed).toMatchObject({
      state: "resolved",
      resolution: "remedied",
      actions: [{ solution: "DNS_refresh", outcome: "succeeded", simulated: { basis: "assumed" } }],
    });
    expect(report.simulatedOutcomes).toEqual({ recorded: 0, assumed: 1 });
  });

  it("copies a recorded failure with its exit code, so the new run moves to strike 2", () => {
    // Recorded: the restart failed (exit 3), then the failover ran and the symptom cleared.
    const initial = engine([plan("service_restart"), plan("failover_activation")]);
    const recording = record(initial, [
      { at: 0, event: webDown },
      { at: 400, event: finished("inc-1", "inc-1.001", false, 400) },
      { at: 1400, event: finished("inc-1", "inc-1.002", true, 1000) },
      { at: 1500, event: webUp },
      { at: 3500, event: tick },
    ]);
    // Now: the failover alone is not a strike-1 solution, so strike 1 is skipped to it at once.
    const report = replay(recording, engine([plan("failover_activation")]));
    expect(report.incidents[0]!.replayed).toMatchObject({
      actions: [
        {
          strike: 2,
          solution: "failover_activation",
          startedAt: 0,
          simulated: { basis: "recorded", actionId: "inc-1.002" },
        },
      ],
      resolvedAt: 3500,
    });
    const again = replay(recording, engine([plan("service_restart")]));
    expect(again.incidents[0]!.replayed).toMatchObject({
      actions: [
        { strike: 1, solution: "service_restart", outcome: "failed", simulated: { basis: "recorded" } },
      ],
      strike: 3,
      escalation: { reason: "strikes_exhausted", at: 400 },
    });
  });

  it("times a copied run out at the new, shorter remedy timeout", () => {
    const report = replay(
      record(engine([plan("service_restart")]), healedByRestart),
      engine([plan("service_restart", { timeoutMs: 200 })]),
    );
    expect(report.incidents[0]!.replayed).toMatchObject({
      actions: [{ outcome: "timed_out", simulated: { basis: "recorded", actionId: "inc-1.001" } }],
      escalation: { reason: "strikes_exhausted", at: 200 },
    });
  });

  it("ticks at the new settings' deadlines: a longer verify window resolves later", () => {
    const report = replay(
      record(engine([plan("service_restart")]), [...healedByRestart, { at: 9000, event: tick }]),
      engine([plan("service_restart", { verifyForMs: 5 * S })]),
    );
    expect(report.incidents[0]!.replayed).toMatchObject({ resolvedAt: 6000, timeToResolveMs: 6000 });
  });

  it("ends both runs at the journal's end: what the new run has not finished by then stays open", () => {
    const report = replay(
      record(engine([plan("service_restart")]), healedByRestart),
      engine([plan("service_restart", { verifyForMs: 5 * S })]),
    );
    expect(report.to).toBe(3000);
    expect(report.incidents[0]!.replayed).toMatchObject({ state: "open", resolvedAt: null });
    expect(report.summary.replayed).toMatchObject({ resolved: 0, meanTimeToResolveMs: null });
  });

  it("takes an operator's action on the recorded incident to the new run's incident of the same symptom", () => {
    // Recorded: inc-1 resolved at 3 s; web fails again at 4 s (inc-2), and an operator resolves inc-2.
    const journal: JournalEntry[] = [
      ...healedByRestart,
      { at: 4000, event: webDown },
      { at: 4500, event: finished("inc-2", "inc-2.001", true, 500) },
      { at: 5000, event: { type: "IncidentResolvedByOperator", incidentId: "inc-2", by: "ops" } },
    ];
    // A 10 s verify window keeps inc-1 open in the new run: web's second failure joins it.
    const report = replay(
      record(engine([plan("service_restart")]), journal),
      engine([plan("service_restart", { verifyForMs: 10 * S })]),
    );
    expect(
      report.incidents.map(({ openedAt, recorded, replayed }) => ({ openedAt, recorded, replayed })),
    ).toEqual([
      {
        openedAt: 0,
        recorded: expect.objectContaining({ incidentId: "inc-1", resolution: "remedied" }),
        replayed: expect.objectContaining({ incidentId: "inc-1", resolution: "operator", resolvedAt: 5000 }),
      },
      {
        openedAt: 4000,
        recorded: expect.objectContaining({ incidentId: "inc-2", resolution: "operator" }),
        replayed: { kind: "joined", incidentId: "inc-1" },
      },
    ]);
    expect(report.summary.replayed).toMatchObject({ incidents: 1, resolved: 1 });
  });

  it("replays a storm: every failing service acts under one config and escalates under another", () => {
    const journal: JournalEntry[] = [
      ...SERVICES.map((service, i) => ({ at: i * 100, event: down(service) })),
      ...SERVICES.map((_, i) => ({
        at: 1000 + i * 100,
        event: finished(`inc-${i + 1}`, `inc-${i + 1}.001`, true, 1000),
      })),
      ...SERVICES.map((service, i) => ({ at: 2000 + i * 100, event: up(service) })),
      // The daemon woke as each verify window ended.
      ...SERVICES.map((_, i) => ({ at: 4000 + i * 100, event: tick })),
    ];
    const recording = record(engine([plan("service_restart")]), journal);

    const restarts = replay(recording, engine([plan("service_restart")]));
    const none = replay(recording, engine([]));
    expect(restarts.summary.recorded).toEqual({
      incidents: 5,
      actions: 5,
      escalations: 0,
      resolved: 5,
      meanTimeToResolveMs: 4000,
    });
    expect(restarts.summary.replayed).toEqual(restarts.summary.recorded);
    expect(none.summary.replayed).toEqual({
      incidents: 5,
      actions: 0,
      escalations: 5,
      resolved: 5,
      meanTimeToResolveMs: 4000,
    });
  });
});

describe("replayRecording: the safety rails of the new settings", () => {
  const storm: JournalEntry[] = [
    ...SERVICES.map((service, i) => ({ at: i * 100, event: down(service) })),
    ...SERVICES.map((_, i) => ({
      at: 1000 + i * 100,
      event: finished(`inc-${i + 1}`, `inc-${i + 1}.001`, true, 900),
    })),
  ];
  const recording = record(
    engine([plan("service_restart")], { concurrency: { perService: 1, total: 5 } }),
    storm,
  );

  it("acts fewer times under a tighter budget; past it the incidents escalate with reason action_budget", () => {
    const tight = replay(
      recording,
      engine([plan("service_restart")], { budget: { actions: 2, windowMs: 3_600_000 } }),
    );
    expect(tight.summary.recorded).toMatchObject({ actions: 5, escalations: 0 });
    expect(tight.summary.replayed).toMatchObject({ actions: 2, escalations: 3 });
    const reasons = tight.incidents.map((incident) =>
      incident.replayed.kind === "incident"
        ? (incident.replayed.escalation?.reason ?? null)
        : incident.replayed.kind,
    );
    expect(reasons).toEqual([null, null, "action_budget", "action_budget", "action_budget"]);
  });

  it("records would_run in a dry run, with no outcome to simulate", () => {
    const dry = replay(
      recording,
      engine([plan("service_restart")], { mode: "dry_run", concurrency: { perService: 1, total: 5 } }),
    );
    expect(dry.summary.replayed).toMatchObject({ actions: 5 });
    expect(dry.simulatedOutcomes).toEqual({ recorded: 0, assumed: 0 });
    const [first] = dry.incidents;
    expect(first!.replayed.kind === "incident" && first!.replayed.actions).toEqual([
      expect.objectContaining({ solution: "service_restart", outcome: "would_run" }),
    ]);
  });

  it("replays a recorded pause: the new run holds instead of acting", () => {
    const paused: JournalEntry[] = [
      { at: 0, event: { type: "AutomationPaused", by: "ana" } },
      ...storm.map(({ at, event }) => ({ at: at + 1, event })),
    ];
    const report = replay(
      record(engine([plan("service_restart")]), paused),
      engine([plan("service_restart")]),
    );
    expect(report.summary.recorded.actions).toBe(0);
    expect(report.summary.replayed.actions).toBe(0);
    expect(report.replayedEvents).toBe(6);
  });
});

describe("replayRecording: the span", () => {
  const recording = record(engine([plan("service_restart")]), [
    ...healedByRestart,
    { at: 10_000, event: down("api") },
    { at: 10_500, event: finished("inc-2", "inc-2.001", true, 500) },
    { at: 11_000, event: up("api") },
    { at: 13_000, event: tick },
  ]);

  it("replays only the journal between --from and --to, each run as it stood at --to", () => {
    const report: ReplayReport = replay(recording, engine([plan("service_restart")]), {
      fromMs: 5000,
      toMs: 12_000,
    });
    expect(report).toMatchObject({ from: 5000, to: 12_000, journalEvents: 3, replayedEvents: 2 });
    expect(report.incidents).toHaveLength(1);
    const open = { kind: "incident", state: "open", resolvedAt: null, timeToResolveMs: null };
    expect(report.incidents[0]).toMatchObject({ service: "api", recorded: open, replayed: open });
    expect(report.incidents[0]!.recorded).toMatchObject({
      incidentId: "inc-2",
      actions: [{ outcome: "succeeded", verify: "passed" }],
    });
  });

  it("keeps the span within the journal", () => {
    const report = replay(recording, engine([plan("service_restart")]), { fromMs: -5000, toMs: 99_000 });
    expect(report).toMatchObject({ from: 0, to: 13_000, journalEvents: 8 });
    expect(report.summary.recorded).toEqual(report.summary.replayed);
  });

  it("shows a recorded action still running at --to as running", () => {
    const report = replay(recording, engine([plan("service_restart")]), { fromMs: 10_000, toMs: 10_200 });
    expect(report.incidents[0]!.recorded).toMatchObject({ actions: [{ outcome: "running", verify: null }] });
  });

  it("refuses an empty journal, a reversed span and a span with no events", () => {
    const initial = engine([]);
    expect(replayRecording({ journal: [], recorded: [], initial })).toEqual({
      ok: false,
      error: { code: "empty_journal" },
    });
    expect(replayRecording({ ...recording, initial, fromMs: 5, toMs: 4 })).toEqual({
      ok: false,
      error: { code: "reversed_span", fromMs: 5, toMs: 4 },
    });
    expect(replayRecording({ ...recording, initial, fromMs: 5000, toMs: 6000 })).toEqual({
      ok: false,
      error: { code: "empty_span", fromMs: 5000, toMs: 6000 },
    });
    expect(replayRecording({ ...recording, initial, fromMs: 20_000 })).toEqual({
      ok: false,
      error: { code: "empty_span", fromMs: 20_000, toMs: 13_000 },
    });
  });
});

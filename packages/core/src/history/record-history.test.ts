import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { OPEN_RAILS } from "../../test/support/shop-settings.js";
import { webDown, webUp } from "../../test/support/web-symptoms.js";
import { DEFAULT_DEPLOYS } from "../engine/default-deploys.js";
import { initialState } from "../engine/initial-state.js";
import { SEED_PATTERNS } from "../patterns/pattern-catalog.js";
import type { Effect } from "../protocol/effect.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState } from "../protocol/engine-state.js";
import { DEFAULT_ESCALATION } from "../triggers/default-triggers.js";
import { EMPTY_HISTORY, RECENT_RESOLVED_LIMIT, recordHistory } from "./record-history.js";

const S = 1000;

function freshState(): EngineState {
  return initialState(
    {
      project: "shop",
      environment: "dev",
      strike1TimeoutMs: 300 * S,
      strike2TimeoutMs: 900 * S,
      remedies: [
        {
          solution: "service_restart",
          service: null,
          tool: "exec",
          timeoutMs: 30 * S,
          verifyForMs: 2 * S,
          isDryRun: false,
        },
      ],
      patterns: SEED_PATTERNS,
      // An incident every 100 s, each running the same remedy: no cooldown or budget may hold it back.
      automation: OPEN_RAILS,
      deploys: DEFAULT_DEPLOYS,
      escalation: DEFAULT_ESCALATION,
    },
    [{ name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] }],
  );
}

/** One incident of `web`: fixed at strike 1, or (with `isFixed` false) escalated and then closed by an operator. */
function incidentEvents(n: number, isFixed: boolean): { at: number; event: EngineEvent }[] {
  const t = n * 100 * S;
  const id = `inc-${n}`;
  const outcome: EngineEvent = {
    type: "RemedyFinished",
    incidentId: id,
    actionId: `${id}.001`,
    ok: isFixed,
    exitCode: isFixed ? 0 : 1,
    durationMs: 10,
    isTimedOut: false,
  };
  const closing: { at: number; event: EngineEvent }[] = isFixed
    ? [
        { at: t + 20, event: webUp },
        { at: t + 3000, event: { type: "Tick" } },
      ]
    : [
        { at: t + 20, event: { type: "IncidentResolvedByOperator", incidentId: id, by: "ana" } },
        { at: t + 30, event: webUp },
      ];
  return [{ at: t, event: webDown }, { at: t + 10, event: outcome }, ...closing];
}

function replay(events: readonly { at: number; event: EngineEvent }[]) {
  let state = freshState();
  let history = EMPTY_HISTORY;
  for (const { at, event } of events) {
    const result = stepAnsweringRechecks(state, event, at);
    state = result.state;
    history = recordHistory(history, result.effects);
  }
  return { state, history };
}

describe("recordHistory", () => {
  it("counts fixes by strike and escalations, and keeps the latest resolved incidents, newest first", () => {
    const { state, history } = replay([
      ...incidentEvents(1, true),
      ...incidentEvents(2, false),
      ...incidentEvents(3, true),
    ]);
    expect(state.incidents).toEqual({});
    expect(history.counts).toEqual({ remediedAtStrike1: 2, remediedAtStrike2: 0, escalated: 1 });
    expect(history.recentResolved.map((incident) => [incident.id, incident.resolution])).toEqual([
      ["inc-3", "remedied"],
      ["inc-2", "operator"],
      ["inc-1", "remedied"],
    ]);
  });

  it("holds at most RECENT_RESOLVED_LIMIT incidents however many were resolved", () => {
    const total = RECENT_RESOLVED_LIMIT + 25;
    const events = Array.from({ length: total }, (_, i) => incidentEvents(i + 1, true)).flat();
    const { history } = replay(events);
    expect(history.recentResolved).toHaveLength(RECENT_RESOLVED_LIMIT);
    expect(history.recentResolved[0]?.id).toBe(`inc-${total}`);
    expect(history.recentResolved.at(-1)?.id).toBe(`inc-${total - RECENT_RESOLVED_LIMIT + 1}`);
    expect(history.counts.remediedAtStrike1).toBe(total);
  });

  it("returns the same history when no effect archives or escalates", () => {
    const effects: Effect[] = [
      {
        type: "RecordOutcome",
        pattern: "p",
        platform: "exec",
        scale: "any",
        solution: "s",
        isSuccess: true,
        recoveryMs: 1000,
      },
      { type: "CancelRemedy", incidentId: "inc-1", actionId: "inc-1.001" },
    ];
    expect(recordHistory(EMPTY_HISTORY, effects)).toBe(EMPTY_HISTORY);
  });
});

import { describe, expect, it } from "vitest";
import { plan } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown, serviceUp } from "../../test/support/web-symptoms.js";
import { initialState } from "../engine/initial-state.js";
import { step } from "../engine/step.js";
import { EMPTY_HISTORY, recordHistory } from "../history/record-history.js";
import { EngineCheckpoint } from "../protocol/engine-checkpoint.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState } from "../protocol/engine-state.js";
import type { IncidentHistory } from "../protocol/incident-history.js";
import { completeCheckpoint } from "./complete-checkpoint.js";
import { takeCheckpoint, takeIncrementalCheckpoint } from "./take-checkpoint.js";

const S = 1000;
const settings = shopSettings([plan("service_restart")]);

type Run = { state: EngineState; history: IncidentHistory; seq: number };

function replay(from: Run, rows: readonly EngineEvent[]): Run {
  let run = from;
  for (const event of rows) {
    const at = (run.seq + 1) * S;
    const result = step(run.state, event, at);
    run = { state: result.state, history: recordHistory(run.history, result.effects), seq: run.seq + 1 };
  }
  return run;
}

/** Through JSON and the schema, as the store gives it back. */
function stored(checkpoint: EngineCheckpoint): EngineCheckpoint {
  return EngineCheckpoint.parse(JSON.parse(JSON.stringify(checkpoint)));
}

const services = ["web", "api", "db", "cache", "queue"];
const opening: EngineEvent[] = services.map((service) => serviceDown(service));
const later: EngineEvent[] = [
  serviceUp("api"),
  { type: "Tick" },
  { type: "IncidentAcknowledged", incidentId: "inc-1", by: "oncall" },
  serviceDown("search"),
  { type: "IncidentResolvedByOperator", incidentId: "inc-3", by: "oncall" },
  serviceDown("mail"),
  // Opened and resolved since the base: neither holds it.
  { type: "IncidentResolvedByOperator", incidentId: "inc-7", by: "oncall" },
  serviceDown("queue-b"),
  { type: "Tick" },
];

describe("incremental checkpoints", () => {
  const start: Run = { state: initialState(settings, []), history: EMPTY_HISTORY, seq: 0 };
  const atBase = replay(start, opening);
  const base = stored(takeCheckpoint(atBase.state, atBase.history, atBase.seq, atBase.seq * S));
  const now = replay(atBase, later);
  const incrementalOver = (incidents: EngineState["incidents"]) =>
    takeIncrementalCheckpoint({ seq: base.seq, incidents }, now.state, now.history, now.seq, now.seq * S);

  it("hold only the incidents changed or opened since their base, and the ids of those gone", () => {
    const incremental = incrementalOver(atBase.state.incidents);
    const unchanged = Object.keys(now.state.incidents).filter(
      (id) => now.state.incidents[id] === atBase.state.incidents[id],
    );
    expect(unchanged.length).toBeGreaterThan(0);
    expect(Object.keys(incremental.state.incidents)).toEqual(
      Object.keys(now.state.incidents).filter((id) => !unchanged.includes(id)),
    );
    expect(incremental.base?.removedIncidents.length).toBeGreaterThan(0);
    expect(incremental.base?.removedIncidents.sort()).toEqual(
      Object.keys(atBase.state.incidents).filter((id) => now.state.incidents[id] === undefined),
    );
  });

  it("completed over their base, equal the full checkpoint, incidents in the same order", () => {
    // The base as a start reads it back: its incidents are other objects than the live ones.
    const incremental = incrementalOver(base.state.incidents);
    const completed = completeCheckpoint(base, stored(incremental));
    const full = stored(takeCheckpoint(now.state, now.history, now.seq, now.seq * S));
    expect(completed).toEqual({ ok: true, value: full });
    if (!completed.ok) return;
    expect(Object.keys(completed.value.state.incidents)).toEqual(Object.keys(full.state.incidents));
  });

  it("refuse a base of another seq, or one that is itself incremental", () => {
    const incremental = stored(incrementalOver(atBase.state.incidents));
    const other = { ...base, seq: base.seq + 1 };
    expect(completeCheckpoint(other, incremental)).toEqual({
      ok: false,
      error: `checkpoint ${incremental.seq} is taken over ${base.seq}, not ${base.seq + 1}`,
    });
    expect(completeCheckpoint(incremental, incremental).ok).toBe(false);
  });
});

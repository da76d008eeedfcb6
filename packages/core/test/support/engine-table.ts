import { expect } from "vitest";
import { step } from "../../src/engine/step.js";
import type { Effect } from "../../src/protocol/effect.js";
import type { EngineEvent } from "../../src/protocol/engine-event.js";
import type { EngineState, Incident, RemedyPlan } from "../../src/protocol/engine-state.js";
import { stepAnsweringRechecks } from "./answer-rechecks.js";

const S = 1000;

/** A live exec remedy for any service: timeout 30s, verify_for 2s. */
export function plan(solution: string, extra: Partial<RemedyPlan> = {}): RemedyPlan {
  return {
    solution,
    service: null,
    tool: "exec",
    timeoutMs: 30 * S,
    verifyForMs: 2 * S,
    isDryRun: false,
    ...extra,
  };
}

export type Row = { at: number; event: EngineEvent; effects?: Partial<Effect>[] };

/** The live state after a table, and the incidents it resolved, by id, as their ArchiveIncident carried them. */
export type TableRun = { readonly state: EngineState; readonly archived: Readonly<Record<string, Incident>> };

export type TableOptions = {
  /** Default true: each `RecheckSymptom` is answered at once, symptom present (see `stepAnsweringRechecks`). */
  readonly isRecheckAnswered?: boolean;
};

/** Runs the table on a fake clock; each row's listed effects must match exactly (by their listed fields). */
export function runTable(state: EngineState, rows: readonly Row[], options: TableOptions = {}): TableRun {
  const stepRow = (options.isRecheckAnswered ?? true) ? stepAnsweringRechecks : step;
  let current = state;
  const archived: Record<string, Incident> = {};
  for (const row of rows) {
    const result = stepRow(current, row.event, row.at);
    if (row.effects !== undefined) {
      expect(result.effects, `effects at ${row.at} ms after ${row.event.type}`).toHaveLength(
        row.effects.length,
      );
      row.effects.forEach((effect, index) => {
        expect(result.effects[index], `effect ${index} at ${row.at} ms`).toMatchObject(effect);
      });
    }
    for (const effect of result.effects) {
      if (effect.type === "ArchiveIncident") archived[effect.incident.id] = effect.incident;
    }
    current = result.state;
  }
  return { state: current, archived };
}

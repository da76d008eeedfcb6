import { changedIncidentIds, inRecordOrder } from "../engine/incident-index.js";
import type { EngineCheckpoint } from "../protocol/engine-checkpoint.js";
import { ENGINE_CHECKPOINT_VERSION } from "../protocol/engine-checkpoint.js";
import type { EngineState } from "../protocol/engine-state.js";
import type { IncidentHistory } from "../protocol/incident-history.js";

/** The checkpoint of `state` and `history` once journal row `seq`, written at `at`, has been applied. */
export function takeCheckpoint(
  state: EngineState,
  history: IncidentHistory,
  seq: number,
  at: number,
): EngineCheckpoint {
  const { settings: _settings, knowledge: _knowledge, ...kept } = state;
  return { version: ENGINE_CHECKPOINT_VERSION, seq, at, state: kept, history };
}

/** A full checkpoint's seq and the live incidents it holds: what an incremental one is taken against. */
export type CheckpointBase = { readonly seq: number; readonly incidents: EngineState["incidents"] };

/**
 * The incremental checkpoint of `state` over `base`: the live incidents changed or opened since, in the
 * record's order, and the ids of those resolved since. Its size follows what changed, not what is live.
 */
export function takeIncrementalCheckpoint(
  base: CheckpointBase,
  state: EngineState,
  history: IncidentHistory,
  seq: number,
  at: number,
): EngineCheckpoint {
  const changed = changedIncidentIds(base.incidents, state.incidents);
  const live = changed.filter((id) => state.incidents[id] !== undefined);
  const incidents = Object.fromEntries(inRecordOrder(state, live).map((incident) => [incident.id, incident]));
  const full = takeCheckpoint(state, history, seq, at);
  return {
    ...full,
    base: {
      seq: base.seq,
      // Not those opened and resolved since: the base never held them.
      removedIncidents: changed.filter((id) => state.incidents[id] === undefined && id in base.incidents),
    },
    state: { ...full.state, incidents },
  };
}

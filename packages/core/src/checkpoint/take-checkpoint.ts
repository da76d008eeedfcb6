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

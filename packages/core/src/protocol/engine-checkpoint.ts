import { z } from "zod";
import { EngineState } from "./engine-state.js";
import { IncidentHistory } from "./incident-history.js";

/** Raised when the checkpoint's shape changes: a checkpoint of another version is replayed over, not read. */
export const ENGINE_CHECKPOINT_VERSION = 1;

/**
 * The engine's state as of journal row `seq`, so that a start replays only the rows after it. Without the
 * settings and knowledge: those come from the config and the store at every start, as after a full replay.
 */
export const EngineCheckpoint = z.object({
  version: z.literal(ENGINE_CHECKPOINT_VERSION),
  seq: z.number().int().nonnegative(),
  at: z.number().int().nonnegative(),
  state: EngineState.omit({ settings: true, knowledge: true }),
  history: IncidentHistory,
});
export type EngineCheckpoint = z.infer<typeof EngineCheckpoint>;

import { z } from "zod";
import { EngineState } from "./engine-state.js";
import { IncidentHistory } from "./incident-history.js";

/** Raised when the checkpoint's shape changes: a checkpoint of another version is replayed over, not read. */
export const ENGINE_CHECKPOINT_VERSION = 2;

const seq = z.number().int().nonnegative();

/**
 * The engine's state as of journal row `seq`, so that a start replays only the rows after it. Without the
 * settings and knowledge: those come from the config and the store at every start, as after a full replay.
 * An incremental checkpoint (`base` set) holds only the live incidents that changed since the full
 * checkpoint of `base.seq`, and the ids of those that left; the rest of the state it holds whole.
 */
export const EngineCheckpoint = z.object({
  version: z.literal(ENGINE_CHECKPOINT_VERSION),
  seq,
  at: z.number().int().nonnegative(),
  base: z.object({ seq, removedIncidents: z.array(z.string()) }).optional(),
  state: EngineState.omit({ settings: true, knowledge: true }),
  history: IncidentHistory,
});
export type EngineCheckpoint = z.infer<typeof EngineCheckpoint>;

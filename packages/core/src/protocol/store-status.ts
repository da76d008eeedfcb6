import { z } from "zod";

const seq = z.number().int().nonnegative();

export const CheckpointSummary = z.object({
  seq,
  at: z.number().int().nonnegative(),
  /** The checkpoint's size as JSON text. */
  bytes: z.number().int().nonnegative(),
  /** The full checkpoint an incremental one holds the changes since; null for a full one. */
  baseSeq: seq.nullable(),
});
export type CheckpointSummary = z.infer<typeof CheckpointSummary>;

/** `GET /api/v1/store`: the journal's end, the newest checkpoint and how the last start rebuilt the state. */
export const StoreStatusResponse = z.object({
  journal: z.object({ lastSeq: seq }),
  checkpoint: z.object({
    /** False with `checkpoints: false`: every start replays the whole journal. */
    isEnabled: z.boolean(),
    last: CheckpointSummary.nullable(),
    /** The checkpoint the last start resumed from; null when it replayed the whole journal. */
    resumedFromSeq: seq.nullable(),
    /** Journal rows the last start replayed after its checkpoint, or in all. */
    replayedAtStart: seq,
  }),
});
export type StoreStatusResponse = z.infer<typeof StoreStatusResponse>;

import * as z from "zod";
import { durationMs, expecting, positiveInteger } from "./field-schemas.js";

/**
 * `checkpoints: {every, incremental_every, interval, keep, keep_journal_for, keep_resolved_for}`, or
 * `false`: the engine's state is written whole every `every` journal rows, and between two full ones every
 * `incremental_every` rows with only the incidents changed since the last full one; also at least every
 * `interval` while rows come in, and on a clean stop. A start replays only the rows after the newest valid
 * one. Behind the oldest of the `keep` kept, the
 * journal's rows older than `keep_journal_for` are deleted, and so are incidents resolved longer ago than
 * `keep_resolved_for`. `false`: no checkpoints, every start replays the whole journal, nothing is deleted.
 */
export const Checkpoints = z.preprocess(
  // One object schema instead of a union, so a wrong key is reported by path, not as "invalid input".
  (input) => (input === false ? { enabled: false } : input),
  z
    .strictObject(
      {
        enabled: z
          .literal(false)
          .optional()
          .describe("false turns checkpoints off, as checkpoints: false does."),
        every: positiveInteger
          .default(1_000)
          .describe("Journal rows between two full checkpoints, which hold every live incident."),
        incremental_every: positiveInteger
          .default(100)
          .describe(
            "Journal rows between two checkpoints of either kind: at most this many are replayed after a kill -9. An incremental checkpoint holds the incidents changed since the last full one; `every` or more writes full ones only.",
          ),
        interval: durationMs.prefault("1h").describe("A checkpoint at least this often while rows come in."),
        keep: positiveInteger
          .default(2)
          .describe("Full checkpoints kept; older ones are deleted with each new one."),
        keep_journal_for: durationMs
          .prefault("30d")
          .describe("Journal rows older than this, and covered by the oldest kept checkpoint, are deleted."),
        keep_resolved_for: durationMs
          .prefault("90d")
          .describe(
            "Incidents resolved longer ago than this are deleted, with their actions and escalations.",
          ),
      },
      expecting("false or a mapping"),
    )
    .transform((raw) =>
      raw.enabled === false
        ? null
        : {
            everyEvents: raw.every,
            incrementalEveryEvents: raw.incremental_every,
            intervalMs: raw.interval,
            keep: raw.keep,
            keepJournalForMs: raw.keep_journal_for,
            keepResolvedForMs: raw.keep_resolved_for,
          },
    ),
);

export type CheckpointSettings = NonNullable<z.output<typeof Checkpoints>>;

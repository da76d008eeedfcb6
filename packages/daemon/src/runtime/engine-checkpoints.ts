import {
  type CheckpointSummary,
  type EngineSettings,
  type EngineState,
  type IncidentHistory,
  resumeFromCheckpoint,
  type ServiceState,
  takeCheckpoint,
} from "@orbt/core";
import type { CheckpointSettings } from "../config/checkpoint-config.js";
import type { Logger } from "../create-logger.js";
import type { RetentionSweep, Store } from "../store/store.js";
import { type CheckpointCheck, decodeCheckpointBody, encodeCheckpointBody } from "./checkpoint-body.js";

/** Where a start resumes: a checkpoint's state and history as of its journal seq. */
export type Resumed = {
  readonly state: EngineState;
  readonly history: IncidentHistory;
  readonly seq: number;
};

/**
 * The newest checkpoint that reads back whole, resumed under today's settings; an unreadable or
 * incompatible one is skipped with a warning for the next older one. Undefined: replay the whole journal.
 */
export async function loadCheckpoint(
  store: Store,
  settings: EngineSettings,
  services: readonly ServiceState[],
  log: Logger,
): Promise<(Resumed & { readonly checkedBy: CheckpointCheck }) | undefined> {
  for (const { seq } of await store.listCheckpoints()) {
    const record = await store.readCheckpoint(seq);
    if (record === undefined) continue;
    const read = decodeCheckpointBody(record.body);
    if (!read.ok) {
      log.warn(
        { seq, err: read.error },
        "checkpoint unreadable: falling back to an older one or the whole journal",
      );
      continue;
    }
    const { checkpoint, checkedBy } = read.value;
    return { ...resumeFromCheckpoint(checkpoint, settings, services), seq: checkpoint.seq, checkedBy };
  }
  return undefined;
}

/**
 * Writes the checkpoint of `resumed` and, in the same transaction, deletes what retention lets go: journal
 * rows the oldest kept checkpoint covers and older than `keepJournalForMs`, incidents resolved longer ago
 * than `keepResolvedForMs`. Every kept checkpoint still has all the journal rows after it.
 */
export async function writeCheckpoint(
  store: Store,
  settings: CheckpointSettings,
  resumed: Resumed,
  now: number,
): Promise<{ readonly checkpoint: CheckpointSummary; readonly swept: RetentionSweep }> {
  const body = encodeCheckpointBody(takeCheckpoint(resumed.state, resumed.history, resumed.seq, now));
  const swept = await store.transaction(async (tx) => {
    await tx.saveCheckpoint({ seq: resumed.seq, at: now, body }, settings.keep);
    const kept = await tx.listCheckpoints();
    const oldest = kept[kept.length - 1]?.seq ?? 0;
    return {
      events: await tx.deleteEventsThrough(oldest, now - settings.keepJournalForMs),
      incidents: await tx.deleteIncidentsResolvedBefore(now - settings.keepResolvedForMs),
    };
  });
  return { checkpoint: { seq: resumed.seq, at: now, bytes: body.length }, swept };
}

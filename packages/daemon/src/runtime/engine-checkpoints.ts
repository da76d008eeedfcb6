import {
  type CheckpointBase,
  type CheckpointSummary,
  completeCheckpoint,
  type EngineCheckpoint,
  type EngineSettings,
  type EngineState,
  err,
  type IncidentHistory,
  ok,
  type Result,
  resumeFromCheckpoint,
  type ServiceState,
  takeCheckpoint,
  takeIncrementalCheckpoint,
} from "@orbt/core";
import type { CheckpointSettings } from "../config/checkpoint-config.js";
import type { Logger } from "../create-logger.js";
import type { CheckpointRecord, RetentionSweep, Store } from "../store/store.js";
import { type CheckpointCheck, decodeCheckpointBody, encodeCheckpointBody } from "./checkpoint-body.js";

/** Where a start resumes: a checkpoint's state and history as of its journal seq. */
export type Resumed = {
  readonly state: EngineState;
  readonly history: IncidentHistory;
  readonly seq: number;
};

/** A stored checkpoint read back, and checked, whole; for an incremental one, completed over its base. */
type ReadBack = {
  readonly checkpoint: EngineCheckpoint;
  readonly checkedBy: CheckpointCheck;
  /** The full checkpoint it is, or is taken over: the next incremental one is taken over it too. */
  readonly base: CheckpointBase;
};

async function readBack(store: Store, record: CheckpointRecord): Promise<Result<ReadBack, string>> {
  const read = decodeCheckpointBody(record.body);
  if (!read.ok) return read;
  const { checkpoint, checkedBy } = read.value;
  if (checkpoint.base === undefined)
    return ok({
      checkpoint,
      checkedBy,
      base: { seq: checkpoint.seq, incidents: checkpoint.state.incidents },
    });
  const baseRecord = await store.readCheckpoint(checkpoint.base.seq);
  if (baseRecord === undefined) return err(`its base, checkpoint ${checkpoint.base.seq}, is gone`);
  const base = decodeCheckpointBody(baseRecord.body);
  if (!base.ok) return err(`its base, checkpoint ${checkpoint.base.seq}, is unreadable: ${base.error}`);
  const completed = completeCheckpoint(base.value.checkpoint, checkpoint);
  if (!completed.ok) return completed;
  const checks = [checkedBy, base.value.checkedBy];
  return ok({
    checkpoint: completed.value,
    checkedBy: checks.includes("schema") ? "schema" : "digest",
    base: { seq: base.value.checkpoint.seq, incidents: base.value.checkpoint.state.incidents },
  });
}

/**
 * The newest checkpoint that reads back whole, resumed under today's settings; an unreadable or
 * incompatible one (or one whose base is) is skipped with a warning for the next older one. Undefined:
 * replay the whole journal.
 */
export async function loadCheckpoint(
  store: Store,
  settings: EngineSettings,
  services: readonly ServiceState[],
  log: Logger,
): Promise<(Resumed & Omit<ReadBack, "checkpoint">) | undefined> {
  for (const { seq } of await store.listCheckpoints()) {
    const record = await store.readCheckpoint(seq);
    if (record === undefined) continue;
    const read = await readBack(store, record);
    if (!read.ok) {
      log.warn(
        { seq, err: read.error },
        "checkpoint unreadable: falling back to an older one or the whole journal",
      );
      continue;
    }
    const { checkpoint, checkedBy, base } = read.value;
    return { ...resumeFromCheckpoint(checkpoint, settings, services), seq: checkpoint.seq, checkedBy, base };
  }
  return undefined;
}

/**
 * Writes the checkpoint of `resumed`, incremental over the full checkpoint `over` when given, and in the
 * same transaction deletes what retention lets go: journal rows the oldest kept checkpoint covers and older
 * than `keepJournalForMs`, incidents resolved longer ago than `keepResolvedForMs`. Every kept checkpoint
 * still has all the journal rows after it.
 */
export async function writeCheckpoint(
  store: Store,
  settings: CheckpointSettings,
  resumed: Resumed,
  now: number,
  over?: CheckpointBase,
): Promise<{ readonly checkpoint: CheckpointSummary; readonly swept: RetentionSweep }> {
  const { state, history, seq } = resumed;
  const taken =
    over === undefined
      ? takeCheckpoint(state, history, seq, now)
      : takeIncrementalCheckpoint(over, state, history, seq, now);
  const body = encodeCheckpointBody(taken);
  const baseSeq = over?.seq ?? null;
  const swept = await store.transaction(async (tx) => {
    await tx.saveCheckpoint({ seq, at: now, body, baseSeq }, settings.keep);
    const kept = await tx.listCheckpoints();
    const oldest = kept[kept.length - 1]?.seq ?? 0;
    return {
      events: await tx.deleteEventsThrough(oldest, now - settings.keepJournalForMs),
      incidents: await tx.deleteIncidentsResolvedBefore(now - settings.keepResolvedForMs),
    };
  });
  return { checkpoint: { seq, at: now, bytes: body.length, baseSeq }, swept };
}

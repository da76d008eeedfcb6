import type { KnowledgeEntry, KnowledgeLesson } from "../protocol/engine-state.js";
import { combineEntries, mergeLessons } from "./combine-entries.js";
import { emptyKnowledgeEntry, type KnowledgeCoordinates, knowledgeKey } from "./knowledge-key.js";

export type Knowledge = Readonly<Record<string, KnowledgeEntry>>;

export type Outcome = KnowledgeCoordinates & {
  readonly isSuccess: boolean;
  /** A success's time to recover; null for a failure. */
  readonly recoveryMs: number | null;
};

/** A row of this daemon's own: new rows are `learned`, and a catalog row turns `learned` once tried here. */
function ownRow(knowledge: Knowledge, row: KnowledgeCoordinates): KnowledgeEntry {
  const previous = knowledge[knowledgeKey(row)];
  if (previous === undefined) return emptyKnowledgeEntry(row, "learned");
  return previous.provenance === "catalog" ? { ...previous, provenance: "learned" } : previous;
}

/** Train: one remedy outcome added to its row. */
export function recordOutcome(
  knowledge: Knowledge,
  outcome: Outcome,
  now: number,
): Record<string, KnowledgeEntry> {
  const row = ownRow(knowledge, outcome);
  const recovered = outcome.isSuccess && outcome.recoveryMs !== null ? [outcome.recoveryMs] : [];
  const trained = combineEntries(row, {
    ...emptyKnowledgeEntry(outcome, "learned"),
    tries: 1,
    successes: outcome.isSuccess ? 1 : 0,
    meanRecoveryMs: recovered[0] ?? null,
    recentRecoveryMs: recovered,
    lastOutcome: outcome.isSuccess ? "succeeded" : "failed",
    lastAt: now,
  });
  return { ...knowledge, [knowledgeKey(outcome)]: trained };
}

/** An operator's note on resolving an incident, kept first among its row's lessons. */
export function recordLesson(
  knowledge: Knowledge,
  row: KnowledgeCoordinates,
  lesson: KnowledgeLesson,
): Record<string, KnowledgeEntry> {
  const previous = ownRow(knowledge, row);
  return {
    ...knowledge,
    [knowledgeKey(row)]: { ...previous, lessons: mergeLessons([lesson], previous.lessons) },
  };
}

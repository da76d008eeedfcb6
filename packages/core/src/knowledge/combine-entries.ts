import { type KnowledgeEntry, type KnowledgeLesson, LESSONS_KEPT } from "../protocol/engine-state.js";
import { keepRecent, p90Of, pooledMean } from "./recovery-times.js";

function isSameLesson(a: KnowledgeLesson, b: KnowledgeLesson): boolean {
  return a.at === b.at && a.by === b.by && a.note === b.note && a.incidentId === b.incidentId;
}

/** Newest first, each once, within what a row keeps. */
export function mergeLessons(
  a: readonly KnowledgeLesson[],
  b: readonly KnowledgeLesson[],
): KnowledgeLesson[] {
  const merged: KnowledgeLesson[] = [];
  for (const lesson of [...a, ...b].sort((x, y) => y.at - x.at)) {
    if (!merged.some((kept) => isSameLesson(kept, lesson))) merged.push(lesson);
  }
  return merged.slice(0, LESSONS_KEPT);
}

/**
 * Two rows' evidence as one: counts add up, recovery times pool, the later outcome is the last one. The
 * result has `into`'s coordinates and provenance.
 */
export function combineEntries(into: KnowledgeEntry, from: KnowledgeEntry): KnowledgeEntry {
  const recentRecoveryMs = keepRecent([...into.recentRecoveryMs, ...from.recentRecoveryMs]);
  const isFromLater = (from.lastAt ?? Number.NEGATIVE_INFINITY) >= (into.lastAt ?? Number.NEGATIVE_INFINITY);
  return {
    ...into,
    tries: into.tries + from.tries,
    successes: into.successes + from.successes,
    meanRecoveryMs: pooledMean(
      { mean: into.meanRecoveryMs, count: into.successes },
      { mean: from.meanRecoveryMs, count: from.successes },
    ),
    p90RecoveryMs: p90Of(recentRecoveryMs) ?? into.p90RecoveryMs ?? from.p90RecoveryMs,
    recentRecoveryMs,
    lastOutcome: isFromLater ? from.lastOutcome : into.lastOutcome,
    lastAt: isFromLater ? from.lastAt : into.lastAt,
    lessons: mergeLessons(into.lessons, from.lessons),
  };
}

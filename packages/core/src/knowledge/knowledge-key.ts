import type { KnowledgeEntry } from "../protocol/engine-state.js";

export type KnowledgeCoordinates = Pick<KnowledgeEntry, "pattern" | "solution" | "platform" | "scale">;

/** The row a (pattern, solution, platform, scale) is counted in. */
export function knowledgeKey(row: KnowledgeCoordinates): string {
  return `${row.pattern}|${row.platform}|${row.scale}|${row.solution}`;
}

/** A row with nothing known yet. */
export function emptyKnowledgeEntry(
  row: KnowledgeCoordinates,
  provenance: KnowledgeEntry["provenance"],
): KnowledgeEntry {
  return {
    pattern: row.pattern,
    solution: row.solution,
    platform: row.platform,
    scale: row.scale,
    tries: 0,
    successes: 0,
    meanRecoveryMs: null,
    p90RecoveryMs: null,
    recentRecoveryMs: [],
    lastOutcome: null,
    lastAt: null,
    lessons: [],
    provenance,
  };
}

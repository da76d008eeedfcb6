import { knowledgeKey, scoreFix } from "../knowledge/rank-fixes.js";
import type { EngineState } from "../protocol/engine-state.js";

/** What the knowledge base says of one solution for a pattern, in the terms the report uses. */
export type KnowledgeEvidence = {
  readonly solution: string;
  readonly score: number;
  readonly tries: number;
  readonly successes: number;
  readonly meanRecoveryMs: number | null;
  readonly p90RecoveryMs: number | null;
  readonly lessons: readonly string[];
  /** `exact`: on the service's platform; `pattern`: the pattern on another platform. */
  readonly basis: string;
};

/**
 * The knowledge rows for `solutions` of a pattern, best first: the service's platform's, else another
 * platform's. The one place the report reads the knowledge base: rows without recovery times and lessons
 * leave those empty.
 */
export function knowledgeEvidence(
  state: EngineState,
  pattern: string,
  platform: string,
  solutions: readonly string[],
): KnowledgeEvidence[] {
  const rows = Object.values(state.knowledge).filter((row) => row.pattern === pattern);
  return solutions
    .flatMap((solution) => {
      const exact = state.knowledge[knowledgeKey(pattern, platform, solution)];
      const row = exact ?? rows.find((each) => each.solution === solution && each.tries > 0);
      if (row === undefined) return [];
      return [
        {
          solution,
          score: scoreFix(row),
          tries: row.tries,
          successes: row.successes,
          meanRecoveryMs: null,
          p90RecoveryMs: null,
          lessons: [],
          basis: exact === undefined ? `pattern (on ${row.platform})` : "exact",
        },
      ];
    })
    .sort((a, b) => b.score - a.score);
}

import { rankKnowledge } from "../knowledge/rank-knowledge.js";
import type { EngineState, Incident } from "../protocol/engine-state.js";

/** What the knowledge base says of one solution for a pattern, in the terms the report uses. */
export type KnowledgeEvidence = {
  readonly solution: string;
  readonly score: number;
  readonly tries: number;
  readonly successes: number;
  readonly meanRecoveryMs: number | null;
  readonly p90RecoveryMs: number | null;
  /** Operators' notes, newest first. */
  readonly lessons: readonly string[];
  /** How specific the evidence is: `exact` (platform and scale), `platform` (any scale), `pattern` (any platform). */
  readonly basis: string;
};

/**
 * The knowledge base's ranking of the incident's pattern on its service's platform and scale, best first,
 * for `solutions` only, and only rows with evidence: tries or lessons.
 */
export function knowledgeEvidence(
  state: EngineState,
  incident: Incident,
  solutions: readonly string[],
): KnowledgeEvidence[] {
  const service = state.services[incident.service];
  const ranking = rankKnowledge(state.knowledge, {
    pattern: incident.pattern,
    platform: service?.platform ?? "unknown",
    scale: service?.scale ?? "any",
  });
  return ranking
    .filter(
      ({ entry }) => solutions.includes(entry.solution) && (entry.tries > 0 || entry.lessons.length > 0),
    )
    .map(({ entry, score, basis }) => ({
      solution: entry.solution,
      score,
      tries: entry.tries,
      successes: entry.successes,
      meanRecoveryMs: entry.meanRecoveryMs,
      p90RecoveryMs: entry.p90RecoveryMs,
      lessons: entry.lessons.map((lesson) => lesson.note),
      basis,
    }));
}

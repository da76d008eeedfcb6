import type { RankedKnowledge } from "../protocol/engine-state.js";
import { byScore, untriedPrior } from "./rank-knowledge.js";

export type RemedyCandidate = { readonly solution: string; readonly order: number };

/**
 * The configured remedies for a strike, best first by the knowledge ranking of their solutions; the
 * untried keep configuration order as their weak prior.
 */
export function rankRemedies<C extends RemedyCandidate>(
  candidates: readonly C[],
  ranking: readonly RankedKnowledge[],
): C[] {
  const tried = new Map(
    ranking.filter((ranked) => ranked.entry.tries > 0).map((ranked) => [ranked.entry.solution, ranked]),
  );
  let untriedBefore = 0;
  const scored = candidates.map((candidate) => {
    const ranked = tried.get(candidate.solution);
    return {
      candidate,
      order: candidate.order,
      entry: { tries: ranked?.entry.tries ?? 0 },
      score: ranked === undefined ? untriedPrior(untriedBefore++) : ranked.score,
    };
  });
  scored.sort(byScore);
  return scored.map(({ candidate }) => candidate);
}

import type { KnowledgeEntry } from "../protocol/engine-state.js";

export function knowledgeKey(pattern: string, platform: string, solution: string): string {
  return `${pattern}|${platform}|${solution}`;
}

/**
 * Laplace-smoothed success rate: an untried fix scores 0.5, so one failure of the
 * current favourite is enough to let an untried alternative go first next time.
 */
export function scoreFix(entry: KnowledgeEntry | undefined): number {
  const tries = entry?.tries ?? 0;
  const successes = entry?.successes ?? 0;
  return (successes + 1) / (tries + 2);
}

export type FixCandidate = { readonly solution: string; readonly order: number };

/** Best first; ties keep configuration order. */
export function rankFixes<C extends FixCandidate>(
  candidates: readonly C[],
  knowledge: Readonly<Record<string, KnowledgeEntry>>,
  pattern: string,
  platform: string,
): C[] {
  const scored = candidates.map((candidate) => ({
    candidate,
    score: scoreFix(knowledge[knowledgeKey(pattern, platform, candidate.solution)]),
  }));
  scored.sort((a, b) => b.score - a.score || a.candidate.order - b.candidate.order);
  return scored.map((entry) => entry.candidate);
}

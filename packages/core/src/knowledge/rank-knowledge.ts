import type {
  KnowledgeBasis,
  KnowledgeEntry,
  KnowledgeProvenance,
  RankedKnowledge,
} from "../protocol/engine-state.js";
import type { KnowledgePlatform, KnowledgeScale } from "../protocol/names.js";
import { combineEntries } from "./combine-entries.js";
import { emptyKnowledgeEntry } from "./knowledge-key.js";
import type { Knowledge } from "./record-outcome.js";
import { wilsonLowerBound } from "./wilson-lower-bound.js";

export type KnowledgeQuery = {
  readonly pattern: string;
  readonly platform: KnowledgePlatform;
  readonly scale: KnowledgeScale;
};

/** What the first untried solution scores: below one success in one try (about 0.21), above none. */
const UNTRIED_PRIOR = 0.05;

/** The weak prior of an untried solution: the earlier in the catalog (or the config), the higher. */
export function untriedPrior(untriedBefore: number): number {
  return UNTRIED_PRIOR / (untriedBefore + 1);
}

/** The lower bound of the 95% Wilson interval of the row's success rate. */
export function scoreKnowledge(entry: Pick<KnowledgeEntry, "successes" | "tries">): number {
  return wilsonLowerBound(entry.successes, entry.tries);
}

const FALLBACK: readonly {
  readonly basis: KnowledgeBasis;
  readonly matches: (entry: KnowledgeEntry, query: KnowledgeQuery) => boolean;
}[] = [
  {
    basis: "exact",
    matches: (entry, query) => entry.platform === query.platform && entry.scale === query.scale,
  },
  { basis: "platform", matches: (entry, query) => entry.platform === query.platform },
  { basis: "pattern", matches: () => true },
];

const PROVENANCE_WEIGHT: Record<KnowledgeProvenance, number> = { catalog: 0, imported: 1, learned: 2 };

/** Several rows of one solution as one: a pooled row at the basis's coordinates. */
function poolRows(
  first: KnowledgeEntry,
  rest: readonly KnowledgeEntry[],
  basis: KnowledgeBasis,
  query: KnowledgeQuery,
): KnowledgeEntry {
  if (rest.length === 0) return first;
  const rows = [first, ...rest];
  const provenance = rows
    .map((row) => row.provenance)
    .reduce((a, b) => (PROVENANCE_WEIGHT[b] > PROVENANCE_WEIGHT[a] ? b : a));
  const pooled = emptyKnowledgeEntry(
    {
      pattern: first.pattern,
      solution: first.solution,
      platform: basis === "pattern" ? "any" : query.platform,
      scale: basis === "exact" ? query.scale : "any",
    },
    provenance,
  );
  return rows.reduce(combineEntries, pooled);
}

/**
 * The solutions known for a pattern, best first. Each solution's evidence is the most specific there is:
 * its rows at the exact platform and scale, else on the platform at any scale, else on any platform (the
 * catalog's rows are there). A tried solution scores the Wilson lower bound of its success rate; an
 * untried one a weak prior by its catalog order, so a success outranks it and a failure falls behind it.
 * Empty when nothing is known of the pattern: escalate.
 */
export function rankKnowledge(knowledge: Knowledge, query: KnowledgeQuery): RankedKnowledge[] {
  const rows = Object.values(knowledge).filter((entry) => entry.pattern === query.pattern);
  const solutions = [...new Set(rows.map((entry) => entry.solution))];
  let untriedBefore = 0;
  const ranked = solutions.flatMap((solution, order) => {
    const ofSolution = rows.filter((entry) => entry.solution === solution);
    for (const { basis, matches } of FALLBACK) {
      const [first, ...rest] = ofSolution.filter((entry) => matches(entry, query));
      if (first === undefined) continue;
      const entry = poolRows(first, rest, basis, query);
      const score = entry.tries > 0 ? scoreKnowledge(entry) : untriedPrior(untriedBefore++);
      return [{ entry, score, basis, order }];
    }
    return [];
  });
  ranked.sort(byScore);
  return ranked.map(({ entry, score, basis }) => ({ entry, score, basis }));
}

/** Best score first; between equal scores, the less tried (a failure in fewer tries), then catalog order. */
export function byScore(
  a: { readonly score: number; readonly order: number; readonly entry: Pick<KnowledgeEntry, "tries"> },
  b: { readonly score: number; readonly order: number; readonly entry: Pick<KnowledgeEntry, "tries"> },
): number {
  return b.score - a.score || a.entry.tries - b.entry.tries || a.order - b.order;
}

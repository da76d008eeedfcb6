import type { KnowledgeEntry } from "../protocol/engine-state.js";
import { knowledgeKey } from "./rank-fixes.js";

export type Outcome = {
  readonly pattern: string;
  readonly platform: string;
  readonly solution: string;
  readonly isSuccess: boolean;
};

export function recordOutcome(
  knowledge: Readonly<Record<string, KnowledgeEntry>>,
  outcome: Outcome,
  now: number,
): Record<string, KnowledgeEntry> {
  const key = knowledgeKey(outcome.pattern, outcome.platform, outcome.solution);
  const previous = knowledge[key];
  return {
    ...knowledge,
    [key]: {
      pattern: outcome.pattern,
      platform: outcome.platform,
      solution: outcome.solution,
      tries: (previous?.tries ?? 0) + 1,
      successes: (previous?.successes ?? 0) + (outcome.isSuccess ? 1 : 0),
      lastUsedAt: now,
    },
  };
}

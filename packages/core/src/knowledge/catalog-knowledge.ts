import type { KnowledgeEntry } from "../protocol/engine-state.js";
import type { ErrorPattern } from "../protocol/error-pattern.js";
import { emptyKnowledgeEntry, knowledgeKey } from "./knowledge-key.js";

/**
 * An untried row per solution of each pattern, on any platform at any scale, in the catalog's order
 * (strike 1's solutions, then strike 2's): the order ranking falls back on while nothing is known.
 */
export function catalogKnowledge(patterns: readonly ErrorPattern[]): Record<string, KnowledgeEntry> {
  const rows = patterns.flatMap((pattern) =>
    [...pattern.strike1Solutions, ...pattern.strike2Alternatives].map((solution) =>
      emptyKnowledgeEntry({ pattern: pattern.name, solution, platform: "any", scale: "any" }, "catalog"),
    ),
  );
  return Object.fromEntries(rows.map((row) => [knowledgeKey(row), row]));
}

/** The store's rows over the catalog's: catalog rows keep their place first, in catalog order. */
export function loadKnowledge(
  patterns: readonly ErrorPattern[],
  rows: readonly KnowledgeEntry[],
): Record<string, KnowledgeEntry> {
  return {
    ...catalogKnowledge(patterns),
    ...Object.fromEntries(rows.map((row) => [knowledgeKey(row), row])),
  };
}

import type { EngineState, KnowledgeEntry } from "../../src/protocol/engine-state.js";

/** The rows outcomes or operators wrote, without the catalog's untried ones. */
export function learnedKnowledge(state: EngineState): KnowledgeEntry[] {
  return Object.values(state.knowledge).filter((entry) => entry.provenance !== "catalog");
}

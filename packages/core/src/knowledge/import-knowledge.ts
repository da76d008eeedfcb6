import type { KnowledgeEntry, KnowledgeProvenance } from "../protocol/engine-state.js";
import { combineEntries } from "./combine-entries.js";
import { knowledgeKey } from "./knowledge-key.js";
import type { Knowledge } from "./record-outcome.js";

/**
 * A row known here keeps its provenance, unless it was the catalog's alone and the import brings tries;
 * a row new here is `imported`, or `catalog` if it is an untried catalog row.
 */
function provenanceAfterImport(
  existing: KnowledgeEntry | undefined,
  imported: KnowledgeEntry,
): KnowledgeProvenance {
  if (existing !== undefined) {
    return existing.provenance === "catalog" && imported.tries > 0 ? "imported" : existing.provenance;
  }
  return imported.provenance === "catalog" && imported.tries === 0 ? "catalog" : "imported";
}

/** Rows from an export merged in: counts add up (importing a file twice counts it twice), lessons merge. */
export function importKnowledge(
  knowledge: Knowledge,
  entries: readonly KnowledgeEntry[],
): Record<string, KnowledgeEntry> {
  const merged: Record<string, KnowledgeEntry> = { ...knowledge };
  for (const entry of entries) {
    const key = knowledgeKey(entry);
    const existing = merged[key];
    const provenance = provenanceAfterImport(existing, entry);
    merged[key] =
      existing === undefined ? { ...entry, provenance } : { ...combineEntries(existing, entry), provenance };
  }
  return merged;
}

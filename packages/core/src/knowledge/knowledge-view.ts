import type { KnowledgeEntry } from "../protocol/engine-state.js";
import {
  KNOWLEDGE_FILE_VERSION,
  type KnowledgeFile,
  type KnowledgeListQuery,
  type KnowledgeResponse,
} from "../protocol/rest.js";
import { rankKnowledge } from "./rank-knowledge.js";
import type { Knowledge } from "./record-outcome.js";

function byCoordinates(a: KnowledgeEntry, b: KnowledgeEntry): number {
  return (
    a.pattern.localeCompare(b.pattern) ||
    a.platform.localeCompare(b.platform) ||
    a.scale.localeCompare(b.scale) ||
    a.solution.localeCompare(b.solution)
  );
}

/** What `GET /api/v1/knowledge` answers: the rows the query's fields match, and a pattern's ranking. */
export function buildKnowledgeResponse(knowledge: Knowledge, query: KnowledgeListQuery): KnowledgeResponse {
  const rows = Object.values(knowledge)
    .filter(
      (entry) =>
        (query.pattern === undefined || entry.pattern === query.pattern) &&
        (query.platform === undefined || entry.platform === query.platform) &&
        (query.scale === undefined || entry.scale === query.scale),
    )
    .sort(byCoordinates);
  const ranking =
    query.pattern === undefined
      ? null
      : rankKnowledge(knowledge, {
          pattern: query.pattern,
          platform: query.platform ?? "any",
          scale: query.scale ?? "any",
        });
  return { knowledge: rows, ranking };
}

/** Every row but the catalog's untried ones, which each daemon has from its own config. */
export function exportKnowledge(knowledge: Knowledge): KnowledgeFile {
  const entries = buildKnowledgeResponse(knowledge, {}).knowledge.filter(
    (entry) => entry.provenance !== "catalog" || entry.tries > 0,
  );
  return { version: KNOWLEDGE_FILE_VERSION, entries };
}

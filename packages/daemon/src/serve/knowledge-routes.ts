import {
  ApiError,
  buildKnowledgeResponse,
  exportKnowledge,
  KnowledgeFile,
  KnowledgeImportResponse,
  KnowledgeListQuery,
  KnowledgeResponse,
} from "@orbt/core";
import { Hono } from "hono";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import { parseOrFail } from "./api-failure.js";
import { type AuthEnv, requireRole } from "./auth/index.js";
import { describeRoute, jsonResponse } from "./openapi/describe-route.js";
import { readJsonBody } from "./read-json-body.js";

/** `/api/v1/knowledge`: the rows and a pattern's ranking, export, and import (merged by the engine). */
export function knowledgeRoutes(runtime: OrbtRuntime): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>();

  routes.get(
    "/",
    requireRole("viewer"),
    describeRoute({
      operationId: "listKnowledge",
      summary: "The knowledge base's rows, and with `pattern` its solutions ranked",
      tags: ["knowledge"],
      requestParams: { query: KnowledgeListQuery },
      responses: {
        200: jsonResponse("The rows and the ranking.", KnowledgeResponse),
        400: jsonResponse("A query parameter is wrong; `error.path` names it.", ApiError),
      },
    }),
    (c) => {
      const query = parseOrFail(KnowledgeListQuery, c.req.query(), "query");
      return c.json(buildKnowledgeResponse(runtime.state.knowledge, query));
    },
  );

  routes.get(
    "/export",
    requireRole("viewer"),
    describeRoute({
      operationId: "exportKnowledge",
      summary: "The knowledge base as a file `import` reads",
      tags: ["knowledge"],
      responses: { 200: jsonResponse("The export.", KnowledgeFile) },
    }),
    (c) => c.json(exportKnowledge(runtime.state.knowledge)),
  );

  /** Journaled like any event, so the merge holds across restarts, and written to the store in its transaction. */
  routes.post(
    "/import",
    requireRole("admin"),
    describeRoute({
      operationId: "importKnowledge",
      summary: "Merge an export into the knowledge base",
      tags: ["knowledge"],
      requestBody: { content: { "application/json": { schema: KnowledgeFile } } },
      responses: {
        200: jsonResponse("What was merged, and the rows after.", KnowledgeImportResponse),
        400: jsonResponse("The file is not an export this Orbt reads; `error.path` says where.", ApiError),
      },
    }),
    async (c) => {
      const file = parseOrFail(KnowledgeFile, await readJsonBody(c, false), "body");
      await runtime.dispatch({ type: "KnowledgeImported", entries: file.entries, by: c.var.principal.name });
      const { knowledge } = buildKnowledgeResponse(runtime.state.knowledge, {});
      return c.json({ imported: file.entries.length, knowledge });
    },
  );

  return routes;
}

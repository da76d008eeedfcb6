import { buildKnowledgeResponse, exportKnowledge, KnowledgeFile, KnowledgeListQuery } from "@orbt/core";
import { Hono } from "hono";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import { parseOrFail } from "./api-failure.js";
import { type AuthEnv, requireRole } from "./auth/index.js";
import { readJsonBody } from "./read-json-body.js";

/** `/api/v1/knowledge`: the rows and a pattern's ranking, export, and import (merged by the engine). */
export function knowledgeRoutes(runtime: OrbtRuntime): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>();

  routes.get("/", requireRole("viewer"), (c) => {
    const query = parseOrFail(KnowledgeListQuery, c.req.query(), "query");
    return c.json(buildKnowledgeResponse(runtime.state.knowledge, query));
  });

  routes.get("/export", requireRole("viewer"), (c) => c.json(exportKnowledge(runtime.state.knowledge)));

  /** Journaled like any event, so the merge holds across restarts, and written to the store in its transaction. */
  routes.post("/import", requireRole("admin"), async (c) => {
    const file = parseOrFail(KnowledgeFile, await readJsonBody(c, false), "body");
    await runtime.dispatch({ type: "KnowledgeImported", entries: file.entries, by: c.var.principal.name });
    const { knowledge } = buildKnowledgeResponse(runtime.state.knowledge, {});
    return c.json({ imported: file.entries.length, knowledge });
  });

  return routes;
}

import {
  ApiError,
  DEFAULT_LIST_LIMIT,
  DrillResponse,
  DrillsQuery,
  DrillsResponse,
  parseDurationMs,
  RunDrillRequest,
  summarizeDrills,
} from "@orbt/core";
import { Hono } from "hono";
import { z } from "zod";
import type { DrillRefusal, DrillRunner } from "../drills/drill-runner.js";
import { ApiFailure, parseOrFail } from "./api-failure.js";
import { type AuthEnv, requireRole } from "./auth/index.js";
import { describeRoute, jsonResponse } from "./openapi/describe-route.js";
import { readJsonBody } from "./read-json-body.js";

/** How far back the drills' summary looks when the request names no window. */
export const DEFAULT_DRILLS_WINDOW = "30d";

const DrillPath = z.object({ id: z.string().min(1) });

const REFUSAL_STATUS = {
  refused: 409,
  busy: 409,
  not_found: 404,
  invalid_request: 400,
} as const satisfies Record<DrillRefusal["code"], ApiFailure["status"]>;

/** `/api/v1/drills`: the drills' history with monitoring effectiveness, one drill, and a drill run now. */
export function drillRoutes(drills: DrillRunner, now: () => number): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>();

  routes.get(
    "/",
    requireRole("viewer"),
    describeRoute({
      operationId: "listDrills",
      summary: "Quality-control drills, newest first, and monitoring effectiveness over the window",
      tags: ["drills"],
      requestParams: { query: DrillsQuery },
      responses: {
        200: jsonResponse("The drills and their summary over the window.", DrillsResponse),
        400: jsonResponse("A query parameter is wrong; `error.path` names it.", ApiError),
      },
    }),
    async (c) => {
      const query = parseOrFail(DrillsQuery, c.req.query(), "query");
      const text = query.window ?? DEFAULT_DRILLS_WINDOW;
      const windowMs = parseDurationMs(text);
      if (windowMs === undefined || windowMs <= 0) {
        const message = `query window: expected a duration above 0 like "30d", got ${JSON.stringify(text)}`;
        throw new ApiFailure(400, "invalid_request", message, "window");
      }
      const to = now();
      const since = to - windowMs;
      const inWindow = await drills.list({ since });
      return c.json({
        drills: await drills.list({ limit: query.limit ?? DEFAULT_LIST_LIMIT }),
        summary: summarizeDrills(inWindow, since, to),
      });
    },
  );

  routes.get(
    "/:id",
    requireRole("viewer"),
    describeRoute({
      operationId: "getDrill",
      summary: "One drill: running, or how it ended",
      tags: ["drills"],
      requestParams: { path: DrillPath },
      responses: {
        200: jsonResponse("The drill.", DrillResponse),
        404: jsonResponse("No drill with that id.", ApiError),
      },
    }),
    async (c) => {
      const id = c.req.param("id");
      const drill = await drills.get(id);
      if (drill === undefined) throw new ApiFailure(404, "not_found", `no drill ${id}`);
      return c.json({ drill });
    },
  );

  routes.post(
    "/",
    requireRole("operator"),
    describeRoute({
      operationId: "runDrill",
      summary: "Injects a configured fault into a service and watches the ladder detect and repair it",
      tags: ["drills"],
      requestBody: { content: { "application/json": { schema: RunDrillRequest } } },
      responses: {
        202: jsonResponse(
          "The drill, started: poll GET /drills/{id} until its outcome is not running.",
          DrillResponse,
        ),
        400: jsonResponse(
          "The body is wrong, or names no fault of the service; `error.path` says where.",
          ApiError,
        ),
        404: jsonResponse("No service with that name is configured.", ApiError),
        409: jsonResponse(
          "Refused: drills are not allowed in environment prod, or a drill or an incident of the service is running.",
          ApiError,
        ),
      },
    }),
    async (c) => {
      const body = parseOrFail(RunDrillRequest, await readJsonBody(c, false), "body");
      const started = await drills.run({
        service: body.service,
        fault: body.fault ?? null,
        by: c.var.principal.name,
      });
      if (!started.ok) {
        const { code, message, path } = started.error;
        throw new ApiFailure(REFUSAL_STATUS[code], code, message, path);
      }
      return c.json({ drill: started.value.drill }, 202);
    },
  );

  return routes;
}

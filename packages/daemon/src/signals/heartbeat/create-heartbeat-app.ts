import { ApiError, Heartbeat, HeartbeatResponse } from "@orbt/core";
import { Hono } from "hono";
import { ApiFailure, parseOrFail } from "../../serve/api-failure.js";
import { requireRole } from "../../serve/auth/index.js";
import { describeRoute, jsonResponse } from "../../serve/openapi/describe-route.js";
import { readJsonBody } from "../../serve/read-json-body.js";

/** Where beats go: false when the service has no heartbeat configured. */
export type HeartbeatSink = { beat(service: string): Promise<boolean> };

/**
 * `POST /api/v1/heartbeat` (the SDK's heartbeat; mount at the root of the API's port): 202 once the beat is
 * in, 404 for a service without `heartbeat:` in the config.
 */
export function createHeartbeatApp(options: { readonly sink: HeartbeatSink }): Hono {
  const app = new Hono();
  app.post(
    "/api/v1/heartbeat",
    requireRole("reporter"),
    describeRoute({
      operationId: "sendHeartbeat",
      summary: "A service is alive (the SDK's heartbeat)",
      tags: ["receivers"],
      requestBody: { content: { "application/json": { schema: Heartbeat } } },
      responses: {
        202: jsonResponse("The beat is in.", HeartbeatResponse),
        400: jsonResponse("The body is not a heartbeat; `error.path` says where.", ApiError),
        404: jsonResponse("The service has no `heartbeat:` in the config.", ApiError),
      },
    }),
    async (c) => {
      const { service } = parseOrFail(Heartbeat, await readJsonBody(c, false), "body");
      if (!(await options.sink.beat(service))) {
        throw new ApiFailure(404, "not_found", `service ${service} has no heartbeat configured`, "service");
      }
      const response: HeartbeatResponse = { service };
      return c.json(response, 202);
    },
  );
  return app;
}

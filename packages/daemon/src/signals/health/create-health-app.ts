import {
  ApiError,
  type EngineState,
  HealthReport,
  type HealthReported,
  HealthResponse,
  serviceStatus,
} from "@orbt/core";
import { Hono } from "hono";
import { parseOrFail } from "../../serve/api-failure.js";
import { requireRole } from "../../serve/auth/index.js";
import { describeRoute, jsonResponse } from "../../serve/openapi/describe-route.js";
import { readJsonBody } from "../../serve/read-json-body.js";

/** Where health reports go, and the state that says the reporting service's status after one. */
export type HealthSink = {
  dispatch(event: HealthReported): Promise<void>;
  readonly state: EngineState;
};

/**
 * `POST /api/v1/health` (the SDK's health push; mount at the root of the API's port): 202 with the
 * service's status once the report is in. Held to the API's body limit and errors, having none of its own.
 */
export function createHealthApp(options: { readonly sink: HealthSink }): Hono {
  const { sink } = options;
  const app = new Hono();
  app.post(
    "/api/v1/health",
    requireRole("reporter"),
    describeRoute({
      operationId: "reportHealth",
      summary: "A service reports its own health (the SDK's health push)",
      tags: ["receivers"],
      requestBody: { content: { "application/json": { schema: HealthReport } } },
      responses: {
        202: jsonResponse("The report is in; the service's status after it.", HealthResponse),
        400: jsonResponse("The body is not a health report; `error.path` says where.", ApiError),
      },
    }),
    async (c) => {
      const report = parseOrFail(HealthReport, await readJsonBody(c, false), "body");
      await sink.dispatch({ type: "HealthReported", ...report });
      const response: HealthResponse = {
        service: report.service,
        status: serviceStatus(sink.state, report.service),
      };
      return c.json(response, 202);
    },
  );
  return app;
}

import {
  ApiError,
  DeployReport,
  type DeployReported,
  DeployResponse,
  type EngineState,
  serviceMode,
} from "@orbt/core";
import { Hono } from "hono";
import { parseOrFail } from "../../serve/api-failure.js";
import { requireRole } from "../../serve/auth/index.js";
import { describeRoute, jsonResponse } from "../../serve/openapi/describe-route.js";
import { readJsonBody } from "../../serve/read-json-body.js";

/** Where deploy reports go, and the state that says the service's mode and deploy after one. */
export type DeploySink = {
  dispatch(event: DeployReported): Promise<void>;
  readonly state: EngineState;
};

/**
 * `POST /api/v1/deploys` (a deploy tool, the SDK's `reportDeploy`; mount at the root of the API's port):
 * 202 with the service's ORBT mode and deploy once the report is journaled.
 */
export function createDeploysApp(options: { readonly sink: DeploySink }): Hono {
  const { sink } = options;
  const app = new Hono();
  app.post(
    "/api/v1/deploys",
    requireRole("reporter"),
    describeRoute({
      operationId: "reportDeploy",
      summary: "A deploy of a service started, succeeded or failed",
      tags: ["receivers"],
      requestBody: { content: { "application/json": { schema: DeployReport } } },
      responses: {
        202: jsonResponse("The report is journaled; the service's mode and deploy after it.", DeployResponse),
        400: jsonResponse("The body is not a deploy report; `error.path` says where.", ApiError),
      },
    }),
    async (c) => {
      const report = parseOrFail(DeployReport, await readJsonBody(c, false), "body");
      await sink.dispatch({ type: "DeployReported", ...report });
      const { service } = report;
      const response: DeployResponse = {
        service,
        mode: serviceMode(sink.state, service),
        deploy: sink.state.deploys[service] ?? null,
      };
      return c.json(response, 202);
    },
  );
  return app;
}

import { DeployReport, type DeployReported, type EngineState, serviceMode } from "@orbt/core";
import { Hono } from "hono";
import { parseOrFail } from "../../serve/api-failure.js";
import { requireRole } from "../../serve/auth/index.js";
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
  app.post("/api/v1/deploys", requireRole("reporter"), async (c) => {
    const report = parseOrFail(DeployReport, await readJsonBody(c, false), "body");
    await sink.dispatch({ type: "DeployReported", ...report });
    const { service } = report;
    return c.json(
      { service, mode: serviceMode(sink.state, service), deploy: sink.state.deploys[service] ?? null },
      202,
    );
  });
  return app;
}

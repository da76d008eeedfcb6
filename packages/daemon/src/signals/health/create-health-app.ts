import { type EngineState, HealthReport, type HealthReported, serviceStatus } from "@orbt/core";
import { Hono } from "hono";
import { parseOrFail } from "../../serve/api-failure.js";
import { requireRole } from "../../serve/auth/index.js";
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
  app.post("/api/v1/health", requireRole("reporter"), async (c) => {
    const report = parseOrFail(HealthReport, await readJsonBody(c, false), "body");
    await sink.dispatch({ type: "HealthReported", ...report });
    return c.json({ service: report.service, status: serviceStatus(sink.state, report.service) }, 202);
  });
  return app;
}

import { type EngineEvent, type EngineState, initialState, step } from "@orbt/core";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../config/parse-config-text.js";
import { toEngineSettings } from "../../runtime/engine-settings.js";
import { ApiFailure } from "../../serve/api-failure.js";
import { createDeploysApp, type DeploySink } from "./create-deploys-app.js";

/** Steps a real engine state, so the answer shows the mode the report put the service in. */
function steppingSink(): DeploySink & { readonly events: EngineEvent[] } {
  const parsed = parseConfigText("project: shop\n", "orbt.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  let state: EngineState = initialState(toEngineSettings(parsed.value), []);
  const events: EngineEvent[] = [];
  return {
    events,
    get state() {
      return state;
    },
    dispatch: async (event) => {
      events.push(event);
      state = step(state, event, 1_000).state;
    },
  };
}

function appOf(sink: DeploySink): Hono {
  const app = new Hono();
  app.onError((err, c) =>
    err instanceof ApiFailure
      ? c.json({ status: err.status, code: err.code, path: err.path })
      : c.text("", 500),
  );
  app.route("/", createDeploysApp({ sink }));
  return app;
}

describe("POST /api/v1/deploys", () => {
  it("takes a report as DeployReported and answers 202 with the service's mode and deploy", async () => {
    const sink = steppingSink();
    const response = await appOf(sink).request("/api/v1/deploys", {
      method: "POST",
      body: JSON.stringify({ service: "web", version: "v2", status: "started" }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      service: "web",
      mode: "Build",
      deploy: { version: "v2", status: "started", at: 1_000, verify: null, stableVersion: null },
    });
    expect(sink.events).toEqual([
      { type: "DeployReported", service: "web", version: "v2", status: "started" },
    ]);
  });

  it("refuses a report with a bad status or an unknown key, naming the field, sending nothing on", async () => {
    const sink = steppingSink();
    const failures = [];
    for (const body of [
      { service: "web", version: "v2", status: "done" },
      { service: "web", version: "v2", status: "failed", by: "ci" },
      { service: "web", status: "failed" },
    ]) {
      const response = await appOf(sink).request("/api/v1/deploys", {
        method: "POST",
        body: JSON.stringify(body),
      });
      failures.push(await response.json());
    }
    expect(failures).toEqual([
      { status: 400, code: "invalid_request", path: "status" },
      { status: 400, code: "invalid_request" },
      { status: 400, code: "invalid_request", path: "version" },
    ]);
    expect(sink.events).toEqual([]);
  });
});

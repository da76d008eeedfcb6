import { type EngineEvent, type EngineState, initialState } from "@orbt/core";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../config/parse-config-text.js";
import { toEngineSettings } from "../../runtime/engine-settings.js";
import { ApiFailure } from "../../serve/api-failure.js";
import { createHealthApp, type HealthSink } from "./create-health-app.js";

/** Records what it is sent; its state says nothing of the reports. */
function recordingSink(): HealthSink & { readonly events: EngineEvent[] } {
  const events: EngineEvent[] = [];
  const parsed = parseConfigText("project: shop\n", "orbt.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const state: EngineState = initialState(toEngineSettings(parsed.value), []);
  return {
    events,
    state,
    dispatch: async (event) => {
      events.push(event);
    },
  };
}

async function post(sink: HealthSink, body: string): Promise<Response> {
  return createHealthApp({ sink }).request("/api/v1/health", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

describe("POST /api/v1/health", () => {
  it("takes a report as HealthReported and answers 202 with the service's status", async () => {
    const sink = recordingSink();
    const response = await post(
      sink,
      JSON.stringify({ service: "web", status: "failing", detail: "db down" }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ service: "web", status: "GREEN" });
    expect(sink.events).toEqual([
      { type: "HealthReported", service: "web", status: "failing", detail: "db down" },
    ]);
  });

  it("passes a report's kind on: config_error says the configuration is to blame", async () => {
    const sink = recordingSink();
    const body = { service: "web", status: "failing", kind: "config_error", detail: "DATABASE_URL unset" };
    expect((await post(sink, JSON.stringify(body))).status).toBe(202);
    expect(sink.events).toEqual([{ type: "HealthReported", ...body }]);
    const refused = await post(sink, JSON.stringify({ ...body, kind: "bad_luck" }));
    expect(refused.status).not.toBe(202);
    expect(sink.events).toHaveLength(1);
  });

  it("refuses a body that is empty or not a report with the failure the API renders, sending nothing on", async () => {
    const sink = recordingSink();
    // The API's error handler renders these; the app has none of its own.
    const app = new Hono();
    app.onError((err, c) =>
      err instanceof ApiFailure
        ? c.json({ status: err.status, code: err.code, path: err.path })
        : c.text("", 500),
    );
    app.route("/", createHealthApp({ sink }));
    const failures = [];
    for (const body of ["", "{nope", JSON.stringify({ service: "web", status: "sad" })]) {
      const response = await app.request("/api/v1/health", { method: "POST", body });
      failures.push(await response.json());
    }
    expect(failures).toEqual([
      { status: 400, code: "invalid_json" },
      { status: 400, code: "invalid_json" },
      { status: 400, code: "invalid_request", path: "status" },
    ]);
    expect(sink.events).toEqual([]);
  });
});

import { DrillResponse, DrillsResponse } from "@orbt/core";
import type { MiddlewareHandler } from "hono";
import { expect, it } from "vitest";
import { startApiDaemon } from "../../test/support/api-daemon.js";
import { callApi as call } from "../../test/support/call-api.js";
import { DIALECTS, describeDialect, useDialectFixtures } from "../../test/support/store-dialects.js";
import { waitFor } from "../../test/support/wait-for.js";
import { parseConfigText } from "../config/parse-config-text.js";
import type { AuthEnv } from "./auth/index.js";

const T0 = 1_764_140_000_000;

const CONFIG = `project: shop
services:
  - name: web
    faults:
      broken: { exec: ["false"] }
      quiet: { exec: ["true"], deadline: 1h }
  - name: api
    faults:
      stop: { exec: ["true"], deadline: 1h }
`;

const asOperator: MiddlewareHandler<AuthEnv> = async (c, next) => {
  c.set("principal", { name: "ana", role: "operator" });
  await next();
};

const [sqlite] = DIALECTS;

describeDialect("drills over REST", sqlite!, () => {
  const { createFixture, defer } = useDialectFixtures(sqlite!);

  async function startDaemon() {
    const parsed = parseConfigText(CONFIG, "orbt.yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const fixture = await createFixture();
    return startApiDaemon({ fixture, config: parsed.value, auth: asOperator, clock: () => T0, defer });
  }

  it("names what is wrong with a request: an unknown service, an unknown fault, a fault left out of two", async () => {
    const { app } = await startDaemon();
    expect(await call(app, "POST", "/drills", { service: "db" })).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: 'no service named "db" is configured', path: "service" } },
    });
    expect(await call(app, "POST", "/drills", { service: "web", fault: "fill_disk" })).toMatchObject({
      status: 400,
      body: {
        error: {
          path: "fault",
          message: 'service "web" has no fault named "fill_disk" (its faults: broken, quiet)',
        },
      },
    });
    expect(await call(app, "POST", "/drills", { service: "web" })).toMatchObject({
      status: 400,
      body: {
        error: { path: "fault", message: 'name a fault of service "web" (its faults: broken, quiet)' },
      },
    });
    expect((await call(app, "POST", "/drills", {})).status).toBe(400);
    expect((await call(app, "GET", "/drills/nope")).status).toBe(404);
    expect((await call(app, "GET", "/drills?window=soon")).body).toMatchObject({ error: { path: "window" } });
  });

  it("records a fault command that fails as not injected, counted nowhere", async () => {
    const { app } = await startDaemon();
    const started = await call(app, "POST", "/drills", { service: "web", fault: "broken" });
    expect(started.status).toBe(202);
    const { drill } = DrillResponse.parse(started.body);
    expect(drill).toMatchObject({ service: "web", fault: "broken", by: "ana", outcome: "running" });
    const ended = await waitFor("the drill to end", async () => {
      const polled = DrillResponse.parse((await call(app, "GET", `/drills/${drill.id}`)).body).drill;
      return polled.outcome === "running" ? undefined : polled;
    });
    expect(ended).toMatchObject({ outcome: "not_injected", injectedAt: null, finishedAt: T0 });
    expect(ended.note).toBe("fault failed: exited 1");
    const { drills, summary } = DrillsResponse.parse((await call(app, "GET", "/drills")).body);
    expect(drills.map((each) => each.id)).toEqual([drill.id]);
    expect(summary).toMatchObject({ drills_run: 1, faults_injected: 0, monitoring_effectiveness: null });
  });

  it("is busy while a drill of the service runs, or an incident of it is open", async () => {
    const { app, runtime } = await startDaemon();
    // Two at once: the second finds the first's drill running.
    const both = await Promise.all([
      call(app, "POST", "/drills", { service: "web", fault: "quiet" }),
      call(app, "POST", "/drills", { service: "web", fault: "quiet" }),
    ]);
    expect(both.map((reply) => reply.status).sort()).toEqual([202, 409]);
    expect(both.find((reply) => reply.status === 409)?.body).toMatchObject({
      error: { code: "busy", path: "service" },
    });
    await runtime.dispatch({
      type: "SymptomSeen",
      service: "api",
      pattern: "uptime_problems",
      symptom: "service_unavailable",
      source: "check:0",
    });
    const refused = await call(app, "POST", "/drills", { service: "api" });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "busy" } } });
    expect(JSON.stringify(refused.body)).toContain("api has an open incident");
  });
});

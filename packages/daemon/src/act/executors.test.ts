import type { RunRemedy } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { recordIntent, runRemedyAction } from "./executors.js";

const EFFECT: RunRemedy = {
  type: "RunRemedy",
  incidentId: "inc-7",
  actionId: "act-3",
  dprId: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
  strike: 2,
  remedyIndex: 0,
  solution: "service_restart",
  tool: "exec",
  service: "web",
  isDryRun: false,
};

describe("runRemedyAction", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((_request, response) => {
      response.statusCode = 503;
      response.end("busy");
    });
  });
  afterAll(() => server.close());

  it("runs an exec action within the remedy's timeout, told the incident and no daemon secrets", async () => {
    process.env.ORBT_TEST_SECRET = "hunter2";
    try {
      const { outcome, summary } = await runRemedyAction(
        {
          kind: "exec",
          argv: [
            process.execPath,
            "-e",
            "process.stdout.write(JSON.stringify(process.env)); process.exit(3)",
          ],
        },
        EFFECT,
        { timeoutMs: 10_000 },
        new AbortController().signal,
      );
      expect(summary).toEqual({ exitCode: 3 });
      expect(outcome).toMatchObject({ kind: "exec", ok: false, timedOut: false });
      expect(JSON.parse(outcome.output)).toEqual({
        PATH: process.env.PATH,
        ORBT_SERVICE: "web",
        ORBT_INCIDENT_ID: "inc-7",
        ORBT_DPR_ID: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
        ORBT_SOLUTION: "service_restart",
        ORBT_STRIKE: "2",
      });
    } finally {
      delete process.env.ORBT_TEST_SECRET;
    }
  });

  it("gives an exec action the remedy's timeout", async () => {
    const { outcome } = await runRemedyAction(
      { kind: "exec", argv: ["sleep", "30"] },
      EFFECT,
      { timeoutMs: 100 },
      new AbortController().signal,
    );
    expect(outcome).toMatchObject({ ok: false, timedOut: true });
    expect(outcome.durationMs).toBeLessThan(5_000);
  });

  it("posts the incident to an http action as JSON and summarises the status", async () => {
    const { outcome, summary } = await runRemedyAction(
      { kind: "http", url: `${server.url}/restart`, method: "PUT", timeoutMs: 5_000 },
      { ...EFFECT, tool: "http" },
      { timeoutMs: 60_000 },
      new AbortController().signal,
    );
    expect(summary).toEqual({ exitCode: null, statusLine: "HTTP 503" });
    expect(outcome).toMatchObject({ kind: "http", ok: false, output: "busy" });
    const request = server.received.at(-1);
    expect(request).toMatchObject({
      method: "PUT",
      path: "/restart",
      headers: { "content-type": "application/json" },
    });
    expect(JSON.parse(request!.body)).toEqual({
      service: "web",
      incident_id: "inc-7",
      dpr_id: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
      solution: "service_restart",
    });
  });

  it("tells a rollback the version to go back to: ORBT_ROLLBACK_VERSION, or rollback_version in the body", async () => {
    const rollback: RunRemedy = { ...EFFECT, solution: "rollback_to_stable", rollbackVersion: "v41" };
    const { outcome } = await runRemedyAction(
      {
        kind: "exec",
        argv: [process.execPath, "-e", "process.stdout.write(process.env.ORBT_ROLLBACK_VERSION)"],
      },
      rollback,
      { timeoutMs: 10_000 },
      new AbortController().signal,
    );
    expect(outcome.output).toBe("v41");
    await runRemedyAction(
      { kind: "http", url: `${server.url}/rollback`, method: "POST", timeoutMs: 5_000 },
      { ...rollback, tool: "http" },
      { timeoutMs: 5_000 },
      new AbortController().signal,
    );
    expect(JSON.parse(server.received.at(-1)!.body)).toMatchObject({
      solution: "rollback_to_stable",
      rollback_version: "v41",
    });
  });

  it("summarises an http action that got no response without a status line", async () => {
    const { summary, outcome } = await runRemedyAction(
      { kind: "http", url: "http://127.0.0.1:1/", method: "POST", timeoutMs: 5_000 },
      { ...EFFECT, tool: "http" },
      { timeoutMs: 5_000 },
      AbortSignal.abort(),
    );
    expect(summary).toEqual({ exitCode: null });
    expect(outcome.error?.code).toBe("aborted");
  });
});

describe("recordIntent", () => {
  it("records a command by its argv and anything else by its target", () => {
    expect(recordIntent({ kind: "exec", argv: ["systemctl", "restart", "web"] })).toEqual({
      argv: ["systemctl", "restart", "web"],
      target: null,
    });
    expect(
      recordIntent({ kind: "http", url: "http://127.0.0.1:1/restart", method: "POST", timeoutMs: 1_000 }),
    ).toEqual({ argv: [], target: { url: "http://127.0.0.1:1/restart", method: "POST" } });
  });
});

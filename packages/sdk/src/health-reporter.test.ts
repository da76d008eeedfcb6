import { afterEach, describe, expect, it, vi } from "vitest";
import { scenarioState } from "../test/support/uptime-scenario.js";
import { type FakeDaemon, startFakeDaemon } from "./fake-daemon.js";
import { type HealthReporter, startHealthReporter, startHeartbeat } from "./health-reporter.js";
import type { OrbtApiError } from "./orbt-api-error.js";

const cleanups: (HealthReporter | FakeDaemon)[] = [];
afterEach(async () => {
  for (const item of cleanups.splice(0)) await ("stop" in item ? item.stop() : item.close());
});

async function daemonOn(port?: number): Promise<FakeDaemon> {
  const daemon = await startFakeDaemon({ state: scenarioState(), token: "t", ...(port ? { port } : {}) });
  cleanups.push(daemon);
  return daemon;
}

function report(
  daemon: { url: string },
  check: () => Promise<{ status: "ok" | "degraded" }>,
  service = "checkout",
) {
  const errors: OrbtApiError[] = [];
  const reporter = startHealthReporter({
    baseUrl: daemon.url,
    token: "t",
    service,
    intervalMs: 10,
    check,
    onError: (error) => errors.push(error),
  });
  cleanups.push(reporter);
  return errors;
}

describe("startHealthReporter", () => {
  it("posts the check's result periodically", async () => {
    const daemon = await daemonOn();
    let calls = 0;
    report(daemon, async () => {
      calls += 1;
      return calls === 1 ? { status: "ok" } : { status: "degraded", detail: "queue 80% full" };
    });
    await vi.waitFor(() => expect(daemon.healthReports.length).toBeGreaterThanOrEqual(3));
    expect(daemon.healthReports.slice(0, 2)).toEqual([
      { service: "checkout", status: "ok" },
      { service: "checkout", status: "degraded", detail: "queue 80% full" },
    ]);
  });

  it("reports a throwing check as failing with its message", async () => {
    const daemon = await daemonOn();
    report(daemon, () => Promise.reject(new Error("db unreachable")));
    await vi.waitFor(() => expect(daemon.healthReports.length).toBeGreaterThanOrEqual(1));
    expect(daemon.healthReports[0]).toEqual({
      service: "checkout",
      status: "failing",
      detail: "db unreachable",
    });
  });

  it("survives a down daemon and resumes reporting once it is back", async () => {
    const first = await daemonOn();
    const port = Number(new URL(first.url).port);
    await first.close();
    const errors = report(first, async () => ({ status: "ok" }));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2));
    expect(new Set(errors.map((error) => error.code))).toEqual(new Set(["network_error"]));

    const back = await daemonOn(port);
    await vi.waitFor(() => expect(back.healthReports.length).toBeGreaterThanOrEqual(1));
    expect(back.healthReports[0]).toEqual({ service: "checkout", status: "ok" });
  });

  it("passes the daemon's refusal to onError and keeps going", async () => {
    const daemon = await daemonOn();
    const errors = report(daemon, async () => ({ status: "ok" }), "not a valid name");
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2));
    expect(errors[0]).toMatchObject({ code: "invalid_body", status: 400, path: "service" });
    expect(daemon.healthReports).toEqual([]);
  });
});

describe("startHeartbeat", () => {
  it("beats every interval until stopped, telling the host of beats the daemon refused", async () => {
    const daemon = await daemonOn();
    const errors: OrbtApiError[] = [];
    const heartbeat = startHeartbeat({
      baseUrl: daemon.url,
      token: "t",
      service: "worker",
      everyMs: 10,
      onError: (error) => errors.push(error),
    });
    cleanups.push(heartbeat);
    await vi.waitFor(() => expect(daemon.heartbeats.length).toBeGreaterThanOrEqual(3));
    heartbeat.stop();
    // A beat already on the wire when stop() was called may still land: count after it has.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const beats = daemon.heartbeats.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(daemon.heartbeats.length).toBe(beats);
    expect(new Set(daemon.heartbeats)).toEqual(new Set(["worker"]));
    expect(errors).toEqual([]);

    const refused = startHeartbeat({
      baseUrl: daemon.url,
      service: "worker",
      everyMs: 10,
      onError: (error) => errors.push(error),
    });
    cleanups.push(refused);
    await vi.waitFor(() => expect(errors[0]).toMatchObject({ code: "unauthorized", status: 401 }));
  });
});

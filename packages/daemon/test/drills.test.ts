import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DrillResponse, DrillsResponse, ReadinessAssessment, ReportResponse } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import {
  getJson,
  killAfterEach,
  makeWorkDir,
  REMEDY_SCRIPT,
  runOrbtd,
  writeConfig,
} from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const FAULT_SCRIPT = fileURLToPath(new URL("./fixtures/fault.mjs", import.meta.url));

const daemons = killAfterEach();
const services: FlakyService[] = [];

afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
});

async function flakyService(): Promise<FlakyService> {
  const service = await startFlakyService();
  services.push(service);
  return service;
}

function faultArgv(service: FlakyService, action: "fail" | "heal"): string {
  return JSON.stringify([process.execPath, FAULT_SCRIPT, service.controlUrl, action]);
}

/**
 * `web` is checked every 200ms (2 failures open an incident) and healed by its remedy; `batch` has no
 * check, so a fault on it goes unnoticed. Each has a fault `fail` that makes it fail, restored by `heal`;
 * a drill of `batch` waits 2s for an incident that never comes.
 */
async function drillConfig(
  web: FlakyService,
  batch: FlakyService,
  options: { readonly webDeadline: string; readonly top?: string; readonly extra?: string },
): Promise<{ readonly file: string; readonly dir: string }> {
  const dir = await makeWorkDir();
  const fault = (service: FlakyService, deadline: string) => `    faults:
      fail:
        exec: ${faultArgv(service, "fail")}
        timeout: 10s
        restore: ${faultArgv(service, "heal")}
        deadline: ${deadline}`;
  const file = await writeConfig(
    dir,
    `project: shop
${options.top ?? ""}listen: 127.0.0.1:${await freePort()}
data_dir: ${JSON.stringify(join(dir, "data"))}
otlp: false
services:
  - name: web
    checks:
      - http: ${web.healthUrl}
        interval: 200ms
        timeout: 200ms
        fail_after: 2
${fault(web, options.webDeadline)}
  - name: batch
${fault(batch, "2s")}
remedies:
  - solution: service_restart
    service: web
    exec: ${JSON.stringify([process.execPath, REMEDY_SCRIPT, web.controlUrl, "heal"])}
    timeout: 20s
    verify_for: 800ms
strikes: { strike1_timeout: 30s, strike2_timeout: 30s }
${options.extra ?? ""}`,
  );
  return { file, dir };
}

/** `orbtd drill ARGS --url URL`, to its end. */
async function drill(
  url: string,
  args: readonly string[],
): Promise<{ code: number | string; output: string }> {
  const run = runOrbtd(["drill", ...args, "--url", url]);
  const code = await run.exited;
  return { code, output: run.output() };
}

async function postDrill(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/api/v1/drills`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe("quality-control drills", () => {
  it("time detection and repair through the real ladder, record a fault the monitoring misses, and keep both across a restart", async () => {
    const web = await flakyService();
    const batch = await flakyService();
    const { file } = await drillConfig(web, batch, { webDeadline: "20s" });
    const daemon = await daemons.start(file);

    const repaired = await drill(daemon.url, ["web", "--fault", "fail"]);
    expect(repaired.output).toContain("(fault fail): repaired");
    expect(repaired.code).toBe(0);
    expect(web.counts.remedyStarts).toBeGreaterThanOrEqual(1);

    const missed = await drill(daemon.url, ["batch", "--json"]);
    expect(missed.code).toBe(1);
    expect(JSON.parse(missed.output)).toMatchObject({
      service: "batch",
      outcome: "not_detected",
      detectMs: null,
    });

    const listed = await getJson<DrillsResponse>(`${daemon.url}/api/v1/drills`);
    const [ofBatch, ofWeb] = listed.drills;
    expect(ofBatch?.service).toBe("batch");
    expect(ofWeb).toMatchObject({
      service: "web",
      outcome: "repaired",
      resolution: "remedied",
      heldBy: null,
    });
    expect(ofWeb?.detectMs).toBeGreaterThan(0);
    expect(ofWeb?.repairMs).toBeGreaterThanOrEqual(ofWeb?.detectMs ?? Number.POSITIVE_INFINITY);
    expect(listed.summary).toMatchObject({
      faults_injected: 2,
      faults_detected: 1,
      monitoring_effectiveness: 0.5,
    });

    const readiness = await getJson<ReadinessAssessment>(`${daemon.url}/api/v1/readiness`);
    const monitoring = readiness.areas.find((area) => area.area === "monitoring");
    expect(monitoring?.findings).toContainEqual(
      expect.objectContaining({
        fact: "monitoring_effectiveness",
        status: "missing",
        detail: "1/2 faults detected by drills in the last 30d",
      }),
    );
    const { report } = await getJson<ReportResponse>(`${daemon.url}/api/v1/reports/current?window=1h`);
    expect(report.quality_control).toMatchObject({ drills_run: 2, monitoring_effectiveness: 0.5 });

    daemon.child.kill("SIGKILL");
    await daemon.exited;
    const restarted = await daemons.start(file);
    const after = await getJson<DrillsResponse>(`${restarted.url}/api/v1/drills`);
    expect(after.drills.map((each) => each.id)).toEqual(listed.drills.map((each) => each.id));
    expect(after.summary.monitoring_effectiveness).toBe(0.5);
  });

  it("counts a lone repaired drill as effectiveness 1/1", async () => {
    const web = await flakyService();
    const batch = await flakyService();
    const { file } = await drillConfig(web, batch, { webDeadline: "20s" });
    const daemon = await daemons.start(file);

    const started = await postDrill(daemon.url, { service: "web" });
    expect(started.status).toBe(202);
    const { drill: running } = started.body as DrillResponse;
    expect(running.outcome).toBe("running");
    const ended = await waitFor("the drill to end", async () => {
      const { drill: polled } = await getJson<DrillResponse>(`${daemon.url}/api/v1/drills/${running.id}`);
      return polled.outcome === "running" ? undefined : polled;
    });
    expect(ended.outcome).toBe("repaired");
    const { summary } = await getJson<DrillsResponse>(`${daemon.url}/api/v1/drills`);
    expect(summary).toMatchObject({ faults_injected: 1, faults_detected: 1, monitoring_effectiveness: 1 });
  });

  it("run on their schedule, by the cron expression", async () => {
    const web = await flakyService();
    const batch = await flakyService();
    const { file } = await drillConfig(web, batch, {
      webDeadline: "20s",
      extra: 'drills:\n  schedules:\n    - { service: batch, fault: fail, schedule: "* * * * * *" }\n',
    });
    const daemon = await daemons.start(file);
    const scheduled = await waitFor("a scheduled drill to end", async () => {
      const { drills } = await getJson<DrillsResponse>(`${daemon.url}/api/v1/drills`);
      return drills.find((each) => each.by === "schedule" && each.outcome !== "running");
    });
    expect(scheduled).toMatchObject({ service: "batch", fault: "fail", outcome: "not_detected" });
  });

  it("are refused in environment: prod unless drills.allow_in_prod", async () => {
    const web = await flakyService();
    const batch = await flakyService();
    const { file } = await drillConfig(web, batch, { webDeadline: "20s", top: "environment: prod\n" });
    const daemon = await daemons.start(file);

    expect(await postDrill(daemon.url, { service: "web" })).toEqual({
      status: 409,
      body: {
        error: {
          code: "refused",
          message:
            "drills are refused in environment: prod; set drills.allow_in_prod: true to run them there",
        },
      },
    });
    const refused = await drill(daemon.url, ["web"]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("orbtd did not run the drill: drills are refused in environment: prod");
    expect(web.counts.remedyStarts).toBe(0);
    expect((await getJson<DrillsResponse>(`${daemon.url}/api/v1/drills`)).drills).toEqual([]);
  });

  it("do not go around a maintenance window: the rail holds the remedy and the drill records it", async () => {
    const web = await flakyService();
    const batch = await flakyService();
    const { file } = await drillConfig(web, batch, {
      webDeadline: "3s",
      extra: 'maintenance:\n  - { services: [web], cron: "* * * * * *", duration: 1m }\n',
    });
    const daemon = await daemons.start(file);
    await waitFor("the maintenance window", async () => {
      const { automation } = await getJson<{ automation: { maintenance: { service: string }[] } }>(
        `${daemon.url}/api/v1/automation`,
      );
      return automation.maintenance.some((window) => window.service === "web") ? true : undefined;
    });

    const held = await drill(daemon.url, ["web", "--json"]);
    expect(held.code).toBe(1);
    const recorded = JSON.parse(held.output) as DrillResponse["drill"];
    expect(recorded).toMatchObject({ outcome: "not_repaired", heldBy: "maintenance", repairMs: null });
    expect(recorded.detectMs).toBeGreaterThan(0);
    expect(web.counts.remedyStarts).toBe(0);
  });
});

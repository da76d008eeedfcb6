import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  EscalationsResponse,
  EscalationView,
  Incident,
  IncidentResponse,
  Notification,
} from "@orbt/core";
import { createOrbtClient } from "@orbt/sdk";
import { describe, expect, it } from "vitest";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { startLocalHttpServer } from "./support/local-http-server.js";
import {
  getJson,
  killAfterEach,
  makeWorkDir,
  type OrbtdProcess,
  writeConfig,
} from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { stopAfterEach } from "./support/stop-after-each.js";
import { waitFor } from "./support/wait-for.js";

const COUNT_REMEDY = fileURLToPath(new URL("./fixtures/count-remedy.mjs", import.meta.url));

const daemons = killAfterEach();

const track = stopAfterEach();

async function flaky(mode: "ok" | "failing" | "down"): Promise<FlakyService> {
  return track(await startFlakyService(mode));
}

type Daemon = {
  readonly url: string;
  readonly runsFile: string;
  readonly configFile: string;
  readonly orbtd: OrbtdProcess;
};

/**
 * orbtd on a free port, data in a fresh directory, `yaml` for the rest. Every service's strike 1 runs a
 * restart that sleeps 8s (not long past a test: a killed daemon leaves it behind) and counts its runs in a file,
 * so a trigger pages while strike 1 is running.
 */
async function startWith(yaml: string): Promise<Daemon> {
  const dir = await makeWorkDir();
  const port = await freePort();
  const runsFile = join(dir, "runs.txt");
  const remedy = `remedies:
  - solution: service_restart
    exec: [${JSON.stringify(process.execPath)}, ${JSON.stringify(COUNT_REMEDY)}, ${JSON.stringify(runsFile)}, "8000"]
    timeout: 2m
    approval: none # in prod every remedy waits for approval unless it says so
`;
  const base = `listen: 127.0.0.1:${port}\ndata_dir: ${JSON.stringify(join(dir, "data"))}\notlp: false\n`;
  const configFile = await writeConfig(dir, `${base}${remedy}${yaml}`);
  const orbtd = await daemons.start(configFile);
  return { url: orbtd.url, runsFile, configFile, orbtd };
}

function checked(name: string, service: FlakyService, extra = ""): string {
  return `  - name: ${name}
    checks:
      - http: ${service.healthUrl}
        interval: 200ms
        timeout: 150ms
${extra}`;
}

/** The escalation with `reason`, once it is recorded. */
function escalationFor(url: string, reason: string): Promise<EscalationView> {
  return waitFor(`a ${reason} escalation`, async () => {
    const { escalations } = await getJson<EscalationsResponse>(`${url}/api/v1/escalations`);
    return escalations.find((escalation) => escalation.reason === reason);
  });
}

async function incident(url: string, id: string): Promise<Incident> {
  return (await getJson<IncidentResponse>(`${url}/api/v1/incidents/${id}`)).incident;
}

/** The paged incident, and what its timeline says of the page. */
async function pageOf(
  url: string,
  escalation: EscalationView,
): Promise<{ paged: Incident; message: string }> {
  const paged = await incident(url, escalation.incidentId);
  const message = paged.timeline.find((entry) => entry.kind === "escalation_triggered")?.message ?? "";
  return { paged, message };
}

/** The ladder goes on beside the page: the incident stays open, its strike-1 remedy started and running. */
async function expectLadderGoesOn(daemon: Daemon, incidentId: string): Promise<void> {
  const firstRun = await waitFor("the strike-1 remedy's first run", async () => {
    const runs = await readFile(daemon.runsFile, "utf8").catch(() => "");
    return runs === "" ? undefined : runs.split("\n")[0];
  });
  expect(firstRun).toMatch(new RegExp(`^start \\S+ ${incidentId} service_restart$`));
  const live = await incident(daemon.url, incidentId);
  expect(live).toMatchObject({ state: "open", strike: 1, phase: { kind: "running" }, escalation: null });
}

describe("escalation triggers page a human with their name as the reason", () => {
  it("SLA_breach: checks failing burn the availability budget over both windows", async () => {
    const web = await flaky("failing");
    const daemon = await startWith(`services:
${checked("web", web, "    sla: { availability: 99.9 }\n")}`);
    const escalation = await escalationFor(daemon.url, "SLA_breach");
    expect(escalation).toMatchObject({ id: `${escalation.incidentId}.esc.SLA_breach` });
    expect(escalation.report).toMatchObject({ reason: "SLA_breach", affected_services: ["web"] });
    await expectLadderGoesOn(daemon, escalation.incidentId);
    const { message } = await pageOf(daemon.url, escalation);
    expect(message).toMatch(
      /^SLA_breach: availability error budget burning [\d.]+× over 1h and [\d.]+× over 5m \(page at 14\.4×\)/,
    );
  });

  it("extended_downtime: down past max_downtime while strike 1 still runs", async () => {
    const web = await flaky("down");
    const daemon = await startWith(`services:
${checked("web", web)}escalation:
  triggers: { extended_downtime: { max_downtime: 2s } }
`);
    const escalation = await escalationFor(daemon.url, "extended_downtime");
    const paged = await incident(daemon.url, escalation.incidentId);
    expect(escalation.at - paged.openedAt).toBeGreaterThanOrEqual(2000);
    await expectLadderGoesOn(daemon, escalation.incidentId);

    // Killed and restarted, the daemon finds the page in its journal and does not page again.
    daemon.orbtd.child.kill("SIGKILL");
    await daemon.orbtd.exited;
    const restarted = await daemons.start(daemon.configFile);
    await waitFor("the interrupted remedy settled after the restart", async () => {
      const { timeline } = await incident(restarted.url, escalation.incidentId);
      return timeline.find((entry) => entry.kind === "remedy_interrupted");
    });
    const { escalations } = await getJson<EscalationsResponse>(`${restarted.url}/api/v1/escalations`);
    expect(escalations.filter((each) => each.reason === "extended_downtime")).toHaveLength(1);
  });

  it("repeated_deployment_failures: the third failed deploy through POST /api/v1/deploys", async () => {
    const daemon = await startWith("services:\n  - name: web\n");
    const client = createOrbtClient({ baseUrl: daemon.url });
    for (const version of ["v1", "v2"]) {
      await client.reportDeploy({ service: "web", version, status: "failed" });
    }
    const before = await getJson<EscalationsResponse>(`${daemon.url}/api/v1/escalations`);
    expect(before.escalations.map((escalation) => escalation.reason)).not.toContain(
      "repeated_deployment_failures",
    );
    await client.reportDeploy({ service: "web", version: "v3", status: "failed" });
    const escalation = await escalationFor(daemon.url, "repeated_deployment_failures");
    const { paged, message } = await pageOf(daemon.url, escalation);
    expect(paged).toMatchObject({ service: "web", pattern: "deployment_failures" });
    expect(message).toContain("3 failed deploys within 1h");
  });

  it("cascading_system_failure: a service and its dependents failing within the window", async () => {
    const db = await flaky("ok");
    const api = await flaky("ok");
    const daemon = await startWith(`services:
${checked("db", db)}${checked("api", api, "    depends_on: [db]\n")}`);
    await db.setMode("down");
    await api.setMode("failing");
    const escalation = await escalationFor(daemon.url, "cascading_system_failure");
    const { paged, message } = await pageOf(daemon.url, escalation);
    expect(paged).toMatchObject({ service: "db", pattern: "uptime_problems" });
    expect(message).toContain("db and its dependents api started failing within 5m");
  });

  it("critical_production_outage: a critical service in prod pages at once, the payload saying why", async () => {
    const hook = track(await startLocalHttpServer((_request, response) => response.end("ok")));
    const web = await flaky("down");
    const daemon = await startWith(`environment: prod
services:
${checked("web", web, "    criticality: critical\n")}notify:
  receivers:
    - { name: hook, webhook: { url: "${hook.url}/orbt" } }
  routes:
    - { events: [escalated], receivers: [hook] }
`);
    const escalation = await escalationFor(daemon.url, "critical_production_outage");
    await expectLadderGoesOn(daemon, escalation.incidentId);
    const delivered = await waitFor("the escalated notification", () => {
      const bodies = hook.received.map((request) => JSON.parse(request.body) as Notification);
      return bodies.find((body) => body.reason === "critical_production_outage");
    });
    expect(delivered).toMatchObject({
      kind: "escalated",
      incidentId: escalation.incidentId,
      escalationId: `${escalation.incidentId}.esc.critical_production_outage`,
      report: { reason: "critical_production_outage", environment: "prod" },
    });
    const all = await getJson<EscalationsResponse>(`${daemon.url}/api/v1/escalations`);
    expect(all.escalations.map((each) => each.reason)).not.toContain("business_critical_service_failure");
  });

  it("business_critical_service_failure: a critical service outside prod", async () => {
    const web = await flaky("down");
    const daemon = await startWith(`environment: staging
services:
${checked("web", web, "    criticality: critical\n")}`);
    const escalation = await escalationFor(daemon.url, "business_critical_service_failure");
    await expectLadderGoesOn(daemon, escalation.incidentId);
  });
});

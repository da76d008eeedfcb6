import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  AutomationResponse,
  EscalationsResponse,
  Incident,
  IncidentResponse,
  IncidentsResponse,
  SilenceResponse,
  SilencesResponse,
  StatusResponse,
} from "@orbt/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { getJson, killAfterEach, makeWorkDir, runOrbtd, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const COUNT_REMEDY = fileURLToPath(new URL("./fixtures/count-remedy.mjs", import.meta.url));

const daemons = killAfterEach();
let service: FlakyService | undefined;

afterEach(async () => {
  await service?.close();
  service = undefined;
});

type RemedySpec = {
  readonly solution: string;
  /** How long the remedy runs before it returns. */
  readonly sleepMs?: number;
  /** Heal the flaky service when done. */
  readonly isHealing?: boolean;
  readonly isDryRun?: boolean;
  readonly approval?: "required" | "none";
};

type Setup = { readonly config: string; readonly countFile: string; readonly dataDir: string };

/**
 * A daemon config whose remedies each append to a count file per run; with `watched`, it watches the
 * flaky service as `web` (probes every 200ms, 2 failures raise the symptom), else services arrive
 * through health reports. `automation` is the block's YAML, or none for the defaults.
 */
async function railsSetup(options: {
  readonly remedies: readonly RemedySpec[];
  readonly watched?: FlakyService;
  readonly automation?: string;
  readonly tokens?: string;
  /** More top-level YAML, such as `maintenance:`. */
  readonly extra?: string;
}): Promise<Setup> {
  const dir = await makeWorkDir();
  const countFile = join(dir, "runs.txt");
  const dataDir = join(dir, "data");
  const { watched } = options;
  const services =
    watched === undefined
      ? "services: []"
      : `services:
  - name: web
    checks:
      - http: ${watched.healthUrl}
        interval: 200ms
        timeout: 200ms
        fail_after: 2`;
  const remedies = options.remedies.map((remedy) => {
    const argv = [process.execPath, COUNT_REMEDY, countFile, String(remedy.sleepMs ?? 0)];
    if (remedy.isHealing && watched !== undefined) argv.push(watched.controlUrl);
    return `  - solution: ${remedy.solution}
    exec: ${JSON.stringify(argv)}
    timeout: 20s
    verify_for: 800ms${remedy.isDryRun ? "\n    dry_run: true" : ""}${remedy.approval === undefined ? "" : `\n    approval: ${remedy.approval}`}`;
  });
  const config = await writeConfig(
    dir,
    `project: shop
listen: 127.0.0.1:${await freePort()}
data_dir: ${JSON.stringify(dataDir)}
otlp: false
${services}
remedies:
${remedies.join("\n")}
strikes: { strike1_timeout: 30s, strike2_timeout: 30s }
${options.automation === undefined ? "" : `automation:\n${options.automation}\n`}${options.tokens ?? ""}${options.extra ?? ""}`,
  );
  return { config, countFile, dataDir };
}

/** The runs a count file recorded, as `start|end service incident solution` lines. */
async function readRuns(countFile: string): Promise<string[]> {
  const text = await readFile(countFile, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "");
}

async function startedRuns(countFile: string): Promise<string[]> {
  return (await readRuns(countFile)).filter((line) => line.startsWith("start "));
}

async function incidentOf(url: string, id: string, token?: string): Promise<Incident> {
  return (await getJson<IncidentResponse>(`${url}/api/v1/incidents/${id}`, token)).incident;
}

/** Waits until the incident exists and `isDone` holds for it. */
function waitForIncident(
  url: string,
  id: string,
  what: string,
  isDone: (incident: Incident) => boolean,
  token?: string,
) {
  return waitFor(`${id} ${what}`, async () => {
    const incident = await incidentOf(url, id, token);
    return isDone(incident) ? incident : undefined;
  });
}

function reportHealth(url: string, serviceName: string, status: "ok" | "failing") {
  return fetch(`${url}/api/v1/health`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service: serviceName, status }),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const messagesOf = (incident: Incident) => incident.timeline.map((entry) => entry.message);

function answerApproval(url: string, id: string, verb: "approve" | "deny", body: object) {
  return fetch(`${url}/api/v1/incidents/${id}/${verb}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("safety rails with a real daemon and a real flaky service", () => {
  it("cooldown: a flapping service is restarted once, not three times, within the cooldown, across a kill -9", async () => {
    service = await startFlakyService("ok");
    // The defaults: cooldown 5m.
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true }],
    });
    const first = await daemons.start(setup.config);
    await service.setMode("failing");
    await waitForIncident(first.url, "inc-1", "resolved", (incident) => incident.state === "resolved");

    await service.setMode("failing");
    const held = await waitForIncident(first.url, "inc-2", "escalated", (i) => i.state === "escalated");
    expect(held.actions).toEqual([]);
    expect(messagesOf(held)).toContainEqual(
      expect.stringMatching(/^service_restart held back: cooldown on web for 4m\d+s more \(cooldown 5m\)$/),
    );
    await service.setMode("ok");
    await waitForIncident(first.url, "inc-2", "self-recovered", (i) => i.resolution === "self_recovered");

    first.child.kill("SIGKILL");
    await first.exited;
    const second = await daemons.start(setup.config);
    await service.setMode("failing");
    const third = await waitForIncident(second.url, "inc-3", "escalated", (i) => i.state === "escalated");
    expect(third.actions).toEqual([]);
    expect(await startedRuns(setup.countFile)).toEqual(["start web inc-1 service_restart"]);
    const { automation } = await getJson<AutomationResponse>(`${second.url}/api/v1/automation`);
    expect(automation.cooldowns).toMatchObject([{ solution: "service_restart", service: "web" }]);
  });

  it("max runs: past max_runs per window the remedy is held back, counted across incidents", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true }],
      automation: "  cooldown: 0s\n  max_runs: { count: 2, window: 1h }",
    });
    const { url } = await daemons.start(setup.config);
    for (const id of ["inc-1", "inc-2"]) {
      await service.setMode("failing");
      await waitForIncident(url, id, "resolved", (incident) => incident.resolution === "remedied");
    }
    await service.setMode("failing");
    const third = await waitForIncident(
      url,
      "inc-3",
      "escalated",
      (incident) => incident.state === "escalated",
    );
    expect(messagesOf(third)).toContain(
      "service_restart held back: ran 2 times on web in the last 1h (max_runs 2 per 1h)",
    );
    expect(await startedRuns(setup.countFile)).toHaveLength(2);
  });

  it("budget: past the global action budget the incident escalates with reason action_budget", async () => {
    const setup = await railsSetup({
      remedies: [{ solution: "service_restart" }],
      automation: "  budget: { actions: 2, window: 1h }",
    });
    const { url } = await daemons.start(setup.config);
    for (const name of ["svc-a", "svc-b", "svc-c"])
      expect((await reportHealth(url, name, "failing")).status).toBe(202);
    const { escalations } = await waitFor("the budget escalation", async () => {
      const listed = await getJson<EscalationsResponse>(`${url}/api/v1/escalations`);
      return listed.escalations.some((escalation) => escalation.reason === "action_budget")
        ? listed
        : undefined;
    });
    expect(escalations.find((escalation) => escalation.incidentId === "inc-3")).toMatchObject({
      reason: "action_budget",
      report: { reason: "action_budget", attempted_solutions: [] },
    });
    const overBudget = await incidentOf(url, "inc-3");
    expect(messagesOf(overBudget)).toContain("action budget spent: 2 actions in the last 1h (budget 2)");
    await waitFor("both runs ended", async () =>
      (await readRuns(setup.countFile)).length === 4 ? true : undefined,
    );
    // The two ran at once, so either may have written first.
    expect((await startedRuns(setup.countFile)).sort()).toEqual([
      "start svc-a inc-1 service_restart",
      "start svc-b inc-2 service_restart",
    ]);
    const { automation } = await getJson<AutomationResponse>(`${url}/api/v1/automation`);
    expect(automation.budget).toEqual({ actions: 2, windowMs: 3_600_000, used: 2, left: 0 });
  });

  it("concurrency: past the limit the action waits, visible as queued, and runs once a slot frees", async () => {
    const setup = await railsSetup({
      remedies: [{ solution: "service_restart", sleepMs: 2500 }],
      automation: "  concurrency: { per_service: 1, total: 1 }",
    });
    const { url } = await daemons.start(setup.config);
    await reportHealth(url, "svc-a", "failing");
    await waitFor("svc-a's remedy started", async () =>
      (await startedRuns(setup.countFile)).length === 1 ? true : undefined,
    );
    await reportHealth(url, "svc-b", "failing");
    const queued = await waitForIncident(
      url,
      "inc-2",
      "queued",
      (incident) => incident.phase.kind === "queued",
    );
    expect(messagesOf(queued)).toContain("queued: 1 running in all (total 1)");
    const { automation } = await getJson<AutomationResponse>(`${url}/api/v1/automation`);
    expect(automation.concurrency).toMatchObject({ running: 1, queued: 1 });

    await waitFor(
      "both runs ended",
      async () => ((await readRuns(setup.countFile)).length === 4 ? true : undefined),
      30_000,
    );
    expect(await readRuns(setup.countFile)).toEqual([
      "start svc-a inc-1 service_restart",
      "end svc-a inc-1 service_restart",
      "start svc-b inc-2 service_restart",
      "end svc-b inc-2 service_restart",
    ]);
  });

  it("dry run: actions are recorded as would_run with their argv, never executed; the ladder goes on", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [
        { solution: "service_restart", isHealing: true },
        { solution: "failover_activation", isHealing: true },
      ],
      automation: "  mode: dry_run",
    });
    const { url } = await daemons.start(setup.config);
    await service.setMode("down");
    const escalated = await waitForIncident(
      url,
      "inc-1",
      "escalated",
      (incident) => incident.state === "escalated",
    );
    expect(escalated.actions.map((action) => [action.solution, action.outcome])).toEqual([
      ["service_restart", "would_run"],
      ["failover_activation", "would_run"],
    ]);
    expect(
      escalated.timeline.filter((entry) => entry.kind === "remedy_would_run").map((entry) => entry.message),
    ).toEqual([
      "strike 1: dry run, would run service_restart",
      "strike 2: dry run, would run failover_activation",
    ]);
    expect(await readRuns(setup.countFile)).toEqual([]);
    expect(service.counts.heals).toBe(0);
    const status = await getJson<StatusResponse>(`${url}/api/v1/status`);
    expect(status.automation.mode).toBe("dry_run");

    const db = new Database(join(setup.dataDir, "orbt.db"), { readonly: true });
    const rows = db.prepare("select id, state, argv, output from actions order by id").all() as {
      id: string;
      state: string;
      argv: string;
      output: string;
    }[];
    db.close();
    expect(rows.map((row) => [row.id, row.state, row.output])).toEqual([
      ["inc-1.001", "finished", "dry run: would run, not executed"],
      ["inc-1.002", "finished", "dry run: would run, not executed"],
    ]);
    expect(JSON.parse(rows[0]!.argv)).toEqual(expect.arrayContaining([COUNT_REMEDY, setup.countFile]));
  });

  it("dry run per remedy: only the remedy marked dry_run is never executed", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [
        { solution: "service_restart", isHealing: true, isDryRun: true },
        { solution: "failover_activation", isHealing: true },
      ],
    });
    const { url } = await daemons.start(setup.config);
    await service.setMode("failing");
    const resolved = await waitForIncident(
      url,
      "inc-1",
      "resolved",
      (incident) => incident.state === "resolved",
    );
    expect(resolved.actions.map((action) => action.outcome)).toEqual(["would_run", "succeeded"]);
    expect(await startedRuns(setup.countFile)).toEqual(["start web inc-1 failover_activation"]);
  });

  it("kill switch: no action while paused, still paused after kill -9, resume acts; through orbtd pause/resume", async () => {
    service = await startFlakyService("ok");
    const tokens = `tokens:
  - { name: ana, token: op-secret, role: operator }
  - { name: grafana, token: view-secret, role: viewer }
`;
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true }],
      tokens,
    });
    const first = await daemons.start(setup.config);

    const refused = runOrbtd(["pause", "--url", first.url, "--token", "view-secret"]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain("orbtd did not pause: ");
    expect(refused.output()).toContain("pass --token or set ORBT_TOKEN");

    const pause = runOrbtd(["pause", "--url", first.url, "--note", "migration"], { ORBT_TOKEN: "op-secret" });
    expect(await pause.exited).toBe(0);
    expect(pause.output()).toMatch(/^automation paused by ana at \S+ \(migration\)\n/);

    await service.setMode("failing");
    const held = await waitForIncident(
      first.url,
      "inc-1",
      "held",
      (i) => i.phase.kind === "held",
      "view-secret",
    );
    expect(messagesOf(held)).toContain("held: automation paused by ana");
    await sleep(1500);
    expect(await readRuns(setup.countFile)).toEqual([]);

    first.child.kill("SIGKILL");
    await first.exited;
    const second = await daemons.start(setup.config);
    const status = await getJson<StatusResponse>(`${second.url}/api/v1/status`, "view-secret");
    expect(status.automation).toMatchObject({ isPaused: true, changedBy: "ana", note: "migration" });
    const stillHeld = await incidentOf(second.url, "inc-1", "view-secret");
    expect(stillHeld.phase.kind).toBe("held");
    await sleep(1000);
    expect(await readRuns(setup.countFile)).toEqual([]);

    const resume = runOrbtd(["resume", "--url", second.url, "--token", "op-secret", "--by", "bo"]);
    expect(await resume.exited).toBe(0);
    expect(resume.output()).toMatch(/^automation running by bo at /);
    await waitForIncident(second.url, "inc-1", "resolved", (i) => i.resolution === "remedied", "view-secret");
    expect(await startedRuns(setup.countFile)).toEqual(["start web inc-1 service_restart"]);
  });

  it("re-check: a symptom that cleared between detection and action gets no action", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true }],
    });
    const { url } = await daemons.start(setup.config);
    // Two failed probes raise the symptom; the service answers again by the time it is probed once more.
    service.failRequests(2);
    const resolved = await waitForIncident(
      url,
      "inc-1",
      "resolved",
      (incident) => incident.state === "resolved",
    );
    expect(resolved).toMatchObject({ resolution: "self_recovered", actions: [] });
    expect(messagesOf(resolved)).toContain(
      "symptom cleared before acting (re-checked): nothing run, verifying it stays clear",
    );
    expect(await readRuns(setup.countFile)).toEqual([]);
  });

  it("approvals: the remedy waits for approval, across a kill -9, and runs exactly once when approved", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true, approval: "required" }],
    });
    const first = await daemons.start(setup.config);
    await service.setMode("failing");
    const waiting = await waitForIncident(
      first.url,
      "inc-1",
      "awaiting approval",
      (incident) => incident.phase.kind === "awaiting_approval",
    );
    expect(waiting.phase).toMatchObject({ remedyIndex: 0, solution: "service_restart" });
    expect(messagesOf(waiting)).toContain("awaiting approval to run service_restart");
    await sleep(1000);
    expect(await readRuns(setup.countFile)).toEqual([]);

    first.child.kill("SIGKILL");
    await first.exited;
    const second = await daemons.start(setup.config);
    const stillWaiting = await incidentOf(second.url, "inc-1");
    expect(stillWaiting.phase).toEqual(waiting.phase);
    await sleep(500);
    expect(await readRuns(setup.countFile)).toEqual([]);

    const approved = await answerApproval(second.url, "inc-1", "approve", { by: "ana", note: "go" });
    expect(approved.status).toBe(200);
    const resolved = await waitForIncident(second.url, "inc-1", "resolved", (i) => i.state === "resolved");
    expect(resolved).toMatchObject({
      resolution: "remedied",
      approvals: [{ decision: "approved", by: "ana", note: "go", solution: "service_restart", strike: 1 }],
    });
    expect(messagesOf(resolved)).toContain("strike 1: service_restart approved by ana");
    expect(await startedRuns(setup.countFile)).toEqual(["start web inc-1 service_restart"]);
    // Answered once: a second answer finds nothing awaiting approval.
    expect((await answerApproval(second.url, "inc-1", "approve", {})).status).toBe(409);
  });

  it("approvals: a denied remedy fails its strike and strike 2 runs the next remedy", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [
        { solution: "service_restart", isHealing: true, approval: "required" },
        { solution: "failover_activation", isHealing: true },
      ],
    });
    const { url } = await daemons.start(setup.config);
    await service.setMode("failing");
    await waitForIncident(url, "inc-1", "awaiting approval", (i) => i.phase.kind === "awaiting_approval");
    expect((await answerApproval(url, "inc-1", "deny", { by: "bo", note: "peak traffic" })).status).toBe(200);
    const resolved = await waitForIncident(url, "inc-1", "resolved", (i) => i.state === "resolved");
    expect(messagesOf(resolved)).toContain("strike 1 failed: service_restart denied by bo");
    expect(resolved.approvals).toMatchObject([{ decision: "denied", by: "bo", note: "peak traffic" }]);
    expect(await startedRuns(setup.countFile)).toEqual(["start web inc-1 failover_activation"]);
  });

  it("flapping: a service whose symptom comes and goes fast is escalated once, held, and never remedied", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true }],
      automation: "  flapping: { changes: 4, window: 1m }",
    });
    const { url } = await daemons.start(setup.config);
    // Paused while the flapping starts, so that afterwards only the flapping rail keeps the remedy off.
    expect((await fetch(`${url}/api/v1/automation/pause`, { method: "POST" })).status).toBe(200);
    const turn = async (mode: "failing" | "ok") => {
      await service!.setMode(mode);
      await waitFor(`web ${mode}`, async () => {
        const status = await getJson<StatusResponse>(`${url}/api/v1/status`);
        const open = status.services.find((entry) => entry.name === "web")?.openIncident;
        const isActive = (open?.activeSources.length ?? 0) > 0;
        return isActive === (mode === "failing") ? true : undefined;
      });
    };
    for (const mode of ["failing", "ok", "failing", "ok"] as const) await turn(mode);
    const flapped = await waitFor("the flapping escalation", async () => {
      const { escalations } = await getJson<EscalationsResponse>(`${url}/api/v1/escalations`);
      return escalations.length > 0 ? escalations : undefined;
    });
    expect(flapped).toMatchObject([{ reason: "flapping" }]);
    const flappingId = flapped[0]!.incidentId;
    const { automation } = await getJson<AutomationResponse>(`${url}/api/v1/automation`);
    expect(automation.flapping.services).toMatchObject([{ service: "web", changes: 4 }]);

    expect((await fetch(`${url}/api/v1/automation/resume`, { method: "POST" })).status).toBe(200);
    for (const mode of ["failing", "ok", "failing"] as const) await turn(mode);
    await sleep(1500);
    expect(await readRuns(setup.countFile)).toEqual([]);
    const held = await incidentOf(url, flappingId);
    expect(held).toMatchObject({
      state: "escalated",
      phase: { kind: "held", reason: "flapping" },
      actions: [],
    });
    const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents`);
    // Every symptom since the flapping began joined the one incident.
    const numberOf = (id: string) => Number(id.slice("inc-".length));
    expect(incidents.filter((incident) => numberOf(incident.id) > numberOf(flappingId))).toEqual([]);
    const { escalations } = await getJson<EscalationsResponse>(`${url}/api/v1/escalations`);
    expect(escalations.map((escalation) => escalation.reason)).toEqual(["flapping"]);
  });

  it("silences: a silenced symptom opens no incident and runs no remedy, is counted, survives a kill -9, and opens one once expired", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true }],
    });
    const first = await daemons.start(setup.config);
    const created = await fetch(`${first.url}/api/v1/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: [
          { name: "service", type: "=", value: "web" },
          { name: "pattern", type: "=~", value: "uptime_.*" },
        ],
        createdBy: "ana",
        comment: "planned failover",
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const { silence } = (await created.json()) as SilenceResponse;
    const suppressedBy = (url: string, count: number) =>
      waitFor(`the silence to count ${count}`, async () => {
        const { silences } = await getJson<SilencesResponse>(`${url}/api/v1/silences`);
        const found = silences.find((entry) => entry.id === silence.id);
        return (found?.suppressed ?? 0) >= count ? found : undefined;
      });

    await service.setMode("failing");
    await suppressedBy(first.url, 1);
    await service.setMode("ok");
    await sleep(800);
    await service.setMode("failing");
    expect(await suppressedBy(first.url, 2)).toMatchObject({ state: "active", createdBy: "ana" });
    await sleep(1000);
    expect((await getJson<IncidentsResponse>(`${first.url}/api/v1/incidents`)).incidents).toEqual([]);
    expect(await readRuns(setup.countFile)).toEqual([]);

    first.child.kill("SIGKILL");
    await first.exited;
    const second = await daemons.start(setup.config);
    const after = await suppressedBy(second.url, 2);
    expect(after).toMatchObject({ state: "active", comment: "planned failover" });
    await sleep(1000);
    expect((await getJson<IncidentsResponse>(`${second.url}/api/v1/incidents`)).incidents).toEqual([]);

    const expired = await fetch(`${second.url}/api/v1/silences/${silence.id}`, { method: "DELETE" });
    expect(expired.status).toBe(200);
    await waitForIncident(second.url, "inc-1", "remedied", (incident) => incident.resolution === "remedied");
    expect(await startedRuns(setup.countFile)).toEqual(["start web inc-1 service_restart"]);
    const { silences } = await getJson<SilencesResponse>(`${second.url}/api/v1/silences`);
    expect(silences).toMatchObject([{ id: silence.id, state: "expired", expiredBy: "loopback" }]);
  });

  it("maintenance windows: actions are held and nothing escalates until the window ends, across a kill -9", async () => {
    service = await startFlakyService("ok");
    const setup = await railsSetup({
      watched: service,
      remedies: [{ solution: "service_restart", isHealing: true }],
      // Opened every second for 3s by node-cron: held for as long as the daemon runs with it.
      extra: 'maintenance:\n  - { services: [web], cron: "* * * * * *", duration: 3s }\n',
    });
    const first = await daemons.start(setup.config);
    await waitFor("the maintenance window", async () => {
      const { automation } = await getJson<AutomationResponse>(`${first.url}/api/v1/automation`);
      return automation.maintenance.some((window) => window.service === "web") ? true : undefined;
    });
    await service.setMode("failing");
    const held = await waitForIncident(first.url, "inc-1", "held", (i) => i.phase.kind === "held");
    expect(held.phase).toMatchObject({ reason: "maintenance" });
    expect(messagesOf(held).at(-1)).toMatch(/^held: web is in a maintenance window until \S+Z$/);
    await sleep(1500);
    expect(await readRuns(setup.countFile)).toEqual([]);

    first.child.kill("SIGKILL");
    await first.exited;
    // Restarted without the window in its config: the open window's end is in the journaled state.
    const withoutWindow = join(setup.dataDir, "..", "no-maintenance.yaml");
    const text = await readFile(setup.config, "utf8");
    await writeFile(withoutWindow, text.slice(0, text.indexOf("maintenance:")));
    const second = await daemons.start(withoutWindow);
    const stillHeld = await incidentOf(second.url, "inc-1");
    expect(stillHeld.phase).toMatchObject({ kind: "held", reason: "maintenance" });
    const { automation } = await getJson<AutomationResponse>(`${second.url}/api/v1/automation`);
    expect(automation.maintenance).toMatchObject([{ service: "web" }]);
    const status = await getJson<StatusResponse>(`${second.url}/api/v1/status`);
    expect(status.services.find((entry) => entry.name === "web")?.maintenanceUntil).toBeGreaterThan(
      Date.now(),
    );
    expect(await readRuns(setup.countFile)).toEqual([]);

    const remedied = await waitForIncident(
      second.url,
      "inc-1",
      "remedied",
      (i) => i.resolution === "remedied",
    );
    expect(remedied.actions).toHaveLength(1);
    expect(await startedRuns(setup.countFile)).toEqual(["start web inc-1 service_restart"]);
    expect((await getJson<EscalationsResponse>(`${second.url}/api/v1/escalations`)).escalations).toEqual([]);
  });
});

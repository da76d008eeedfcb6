import { type KnowledgeFile, renderEscalationMarkdown, startDrill } from "@orbt/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SCENARIO, scenarioState } from "../test/support/uptime-scenario.js";
import { type FakeDaemon, startFakeDaemon } from "./fake-daemon.js";
import { OrbtApiError } from "./orbt-api-error.js";
import { createOrbtClient } from "./orbt-client.js";

let daemon: FakeDaemon;

beforeEach(async () => {
  daemon = await startFakeDaemon({ state: scenarioState(), token: "s3cret", now: () => 10_000 });
  for (const { at, event } of SCENARIO) daemon.publish(event, at);
});
afterEach(() => daemon.close());

function client() {
  return createOrbtClient({ baseUrl: `${daemon.url}/`, token: "s3cret" });
}

const apiDown = {
  service: "api",
  pattern: "uptime_problems",
  symptom: "service_unavailable",
  source: "check:0",
} as const;

describe("createOrbtClient", () => {
  it("reads the current domain report, builds one into the history and reads it back", async () => {
    const current = await client().getCurrentReport({ window: "1h" });
    if (!current.ok) throw current.error;
    expect(daemon.requests.at(-1)?.url).toBe("/api/v1/reports/current?window=1h");
    expect(current.value.dashboard.pending_escalations).toBe(1);
    expect(current.value.blocking_issues.map((issue) => issue.incident_id)).toEqual(["inc-1"]);
    expect(current.value.window.duration_ms).toBe(3_600_000);

    const built = await client().buildReport({ window: "2h" });
    if (!built.ok) throw built.error;
    const listed = await client().listReports();
    expect(listed.ok && listed.value.map((summary) => summary.id)).toEqual([built.value.id]);
    const read = await client().getReport(built.value.id);
    expect(read.ok && read.value).toEqual(built.value);

    const refused = await client().buildReport({ window: "soon" });
    expect(!refused.ok && refused.error.path).toBe("window");
  });

  it("reads the status with each service's colour", async () => {
    const result = await client().getStatus();
    if (!result.ok) throw result.error;
    expect(result.value.project).toBe("shop");
    const colours = Object.fromEntries(result.value.services.map((s) => [s.name, s.status]));
    expect(colours).toEqual({ web: "RED", api: "GREEN" });
    expect(result.value.services.find((s) => s.name === "web")?.openIncident?.id).toBe("inc-1");
  });

  it("reads the store's status: the journal's last seq, and no checkpoint in the fake", async () => {
    const result = await client().getStoreStatus();
    if (!result.ok) throw result.error;
    expect(result.value.journal.lastSeq).toBeGreaterThan(0);
    expect(result.value.checkpoint).toEqual({
      isEnabled: false,
      last: null,
      resumedFromSeq: null,
      replayedAtStart: 0,
    });
  });

  it("shows a service's newest live incident, as the daemon does, when it has two", async () => {
    daemon.publish(
      {
        type: "SymptomSeen",
        service: "web",
        pattern: "performance_issues",
        symptom: "high_response_times",
        source: "check:1",
      },
      10_000,
    );
    expect(Object.keys(daemon.getState().incidents)).toEqual(["inc-1", "inc-3"]);
    const result = await client().getStatus();
    if (!result.ok) throw result.error;
    expect(result.value.services.find((s) => s.name === "web")?.openIncident?.id).toBe("inc-3");
  });

  it("lists incidents filtered by state and reads one with its timeline", async () => {
    const escalated = await client().listIncidents({ state: "escalated" });
    expect(escalated.ok && escalated.value.map((incident) => incident.id)).toEqual(["inc-1"]);
    expect(daemon.requests.at(-1)?.url).toBe("/api/v1/incidents?state=escalated");

    const all = await client().listIncidents();
    expect(all.ok && all.value.map((incident) => incident.id)).toEqual(["inc-2", "inc-1"]);

    const firstPage = await client().listIncidents({ limit: 1 });
    expect(firstPage.ok && firstPage.value.map((incident) => incident.id)).toEqual(["inc-2"]);
    expect(daemon.requests.at(-1)?.url).toBe("/api/v1/incidents?limit=1");
    const nextPage = await client().listIncidents({ limit: 1, after: "inc-2" });
    expect(nextPage.ok && nextPage.value.map((incident) => incident.id)).toEqual(["inc-1"]);
    expect(daemon.requests.at(-1)?.url).toBe("/api/v1/incidents?limit=1&after=inc-2");

    const detail = await client().getIncident("inc-1");
    if (!detail.ok) throw detail.error;
    expect(detail.value.actions.map((action) => action.dprId)).toEqual([
      "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
      "PLATFORM.SHOP.FAILOVER_ACTIVATION.EXEC.20000.002",
    ]);
    expect(detail.value.timeline.some((entry) => entry.kind === "escalated")).toBe(true);
  });

  it("pauses and resumes automation, and reads where the rails stand", async () => {
    const before = await client().getAutomation();
    if (!before.ok) throw before.error;
    expect(before.value).toMatchObject({
      mode: "live",
      isPaused: false,
      budget: { actions: 20, used: 3, left: 17 },
      concurrency: { running: 0, queued: 0, held: 0 },
    });
    expect(before.value.cooldowns.map((cooldown) => [cooldown.solution, cooldown.service])).toEqual([
      ["service_restart", "web"],
      ["failover_activation", "web"],
      ["service_restart", "api"],
    ]);

    const paused = await client().pauseAutomation({ by: "ana", note: "deploy" });
    expect(paused.ok && paused.value).toMatchObject({ isPaused: true, changedBy: "ana", note: "deploy" });
    expect(daemon.requests.at(-1)).toMatchObject({
      method: "POST",
      url: "/api/v1/automation/pause",
      body: { by: "ana", note: "deploy" },
    });
    expect(daemon.getState().automation).toMatchObject({ isPaused: true, changedAt: 10_000 });

    const resumed = await client().resumeAutomation();
    expect(resumed.ok && resumed.value).toMatchObject({ isPaused: false, changedBy: "operator", note: null });
    expect(daemon.requests.at(-1)).toMatchObject({ url: "/api/v1/automation/resume", body: {} });

    const refused = await client().pauseAutomation({ reason: "typo" } as never);
    expect(!refused.ok && refused.error).toMatchObject({ code: "invalid_body", status: 400 });
  });

  it("reports a deploy: the service is in Build mode until it ends, and a failed one opens an incident", async () => {
    const started = await client().reportDeploy({ service: "api", version: "v7", status: "started" });
    if (!started.ok) throw started.error;
    expect(started.value).toEqual({
      service: "api",
      mode: "Build",
      deploy: { version: "v7", status: "started", at: 10_000, verify: null, stableVersion: null },
    });
    const failed = await client().reportDeploy({
      service: "api",
      version: "v7",
      status: "failed",
      detail: "exit 1",
    });
    if (!failed.ok) throw failed.error;
    expect(failed.value.mode).toBe("Repair");
    const incident = Object.values(daemon.getState().incidents).find((each) => each.service === "api");
    expect(incident).toMatchObject({ pattern: "deployment_failures", symptom: "build_failures" });
    const refused = await client().reportDeploy({ service: "api", version: "", status: "started" });
    expect(!refused.ok && refused.error).toMatchObject({
      code: "invalid_body",
      status: 400,
      path: "version",
    });
  });

  it("sends a heartbeat", async () => {
    const sent = await client().sendHeartbeat("worker");
    expect(sent.ok).toBe(true);
    expect(daemon.heartbeats).toEqual(["worker"]);
  });

  it("reads escalations and knowledge", async () => {
    const escalations = await client().listEscalations();
    expect(escalations.ok && escalations.value.map((e) => [e.incidentId, e.reason])).toEqual([
      ["inc-1", "strikes_exhausted"],
    ]);
    const report = await client().getEscalationReport("inc-1.esc");
    if (!report.ok) throw report.error;
    expect(report.value).toMatchObject({
      escalation_id: "inc-1.esc",
      incident_id: "inc-1",
      reason: "strikes_exhausted",
    });
    const markdown = await client().getEscalationReportMarkdown("inc-1.esc");
    expect(markdown.ok && markdown.value).toBe(renderEscalationMarkdown(report.value));
    const missing = await client().getEscalationReport("inc-9.esc");
    expect(!missing.ok && [missing.error.code, missing.error.status]).toEqual(["not_found", 404]);
    const knowledge = await client().listKnowledge();
    if (!knowledge.ok) throw knowledge.error;
    expect(knowledge.value).toContainEqual(
      expect.objectContaining({ platform: "docker", solution: "service_restart", tries: 1, successes: 1 }),
    );
  });

  it("lists the pattern catalog", async () => {
    const patterns = await client().listPatterns();
    if (!patterns.ok) throw patterns.error;
    expect(patterns.value.map((pattern) => `${pattern.name}:${pattern.source}`)).toEqual([
      "deployment_failures:seed",
      "performance_issues:seed",
      "uptime_problems:seed",
    ]);
  });

  it("ranks, exports and imports knowledge", async () => {
    const ranked = await client().rankKnowledge({ pattern: "uptime_problems", platform: "docker" });
    if (!ranked.ok) throw ranked.error;
    const [best] = ranked.value;
    expect(best).toMatchObject({ basis: "exact", entry: { solution: "service_restart", tries: 1 } });
    expect(best?.score).toBeCloseTo(0.2065, 4);

    const exported = await client().exportKnowledge();
    if (!exported.ok) throw exported.error;
    expect(exported.value.version).toBe(1);
    expect(exported.value.entries.every((entry) => entry.provenance !== "catalog")).toBe(true);

    const imported = await client().importKnowledge({
      version: 1,
      entries: exported.value.entries.map((entry) => ({ ...entry, platform: "kubernetes" as const })),
    });
    if (!imported.ok) throw imported.error;
    expect(imported.value.imported).toBe(exported.value.entries.length);
    const kubernetes = await client().listKnowledge({ platform: "kubernetes" });
    expect(kubernetes.ok && kubernetes.value.map((entry) => entry.provenance)).toEqual(
      // Rows of other platforms for the same pattern, solution and scale land on one kubernetes row.
      Array(
        new Set(exported.value.entries.map((entry) => `${entry.pattern}|${entry.solution}|${entry.scale}`))
          .size,
      ).fill("imported"),
    );
    const refused = await client().importKnowledge({ version: 2, entries: [] } as unknown as KnowledgeFile);
    expect(!refused.ok && refused.error).toMatchObject({ status: 400, path: "version" });
  });

  it("lists the notification receivers with their queues and last errors", async () => {
    const pager = {
      name: "pager",
      kind: "pagerduty",
      queueDepth: 2,
      delivered: 5,
      failed: 0,
      lastDeliveredAt: 9_000,
      lastError: "HTTP 503",
      lastErrorAt: 9_500,
      isFailing: true,
    };
    const withReceivers = await startFakeDaemon({ state: scenarioState(), notifyReceivers: [pager] });
    try {
      const result = await createOrbtClient({ baseUrl: withReceivers.url }).listNotifyReceivers();
      expect(result).toEqual({ ok: true, value: [pager] });
      expect(withReceivers.requests.at(-1)?.url).toBe("/api/v1/notify");
    } finally {
      await withReceivers.close();
    }
    const none = await client().listNotifyReceivers();
    expect(none).toEqual({ ok: true, value: [] });
  });

  it("reads the readiness assessment, checked against its schema", async () => {
    const readiness = {
      project: "shop",
      environment: "prod",
      assessed_at: "2026-12-07T12:00:00.000Z",
      score: 50,
      areas: [
        {
          area: "security" as const,
          score: 50,
          findings: [
            { fact: "tokens", status: "met" as const, detail: "ops (operator)", fix: null },
            {
              fact: "loopback_bind",
              status: "missing" as const,
              detail: "listen on 0.0.0.0",
              fix: "listen: 127.0.0.1:7070",
            },
          ],
        },
      ],
    };
    const assessed = await startFakeDaemon({ state: scenarioState(), readiness });
    try {
      expect(await createOrbtClient({ baseUrl: assessed.url }).getReadiness()).toEqual({
        ok: true,
        value: readiness,
      });
      expect(assessed.requests.at(-1)?.url).toBe("/api/v1/readiness");
    } finally {
      await assessed.close();
    }
    const unassessed = await client().getReadiness();
    expect(unassessed.ok ? "ok" : unassessed.error.code).toBe("not_found");
  });

  it("acknowledges and resolves an incident with the operator's name", async () => {
    expect(await client().acknowledgeIncident("inc-1", { by: "ana" })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(daemon.getState().incidents["inc-1"]?.acknowledgedBy).toBe("ana");
    expect(daemon.requests.at(-1)).toEqual({
      method: "POST",
      url: "/api/v1/incidents/inc-1/ack",
      body: { by: "ana" },
    });
    expect((await client().resolveIncident("inc-1")).ok).toBe(true);
    expect(daemon.getState().incidents["inc-1"]).toBeUndefined();
    const resolved = await client().getIncident("inc-1");
    expect(resolved.ok && resolved.value).toMatchObject({ state: "resolved", resolution: "operator" });
    const again = await client().resolveIncident("inc-1");
    expect(!again.ok && again.error).toMatchObject({ code: "conflict", status: 409 });
  });

  it("approves and denies the remedy an incident awaits approval for", async () => {
    const guarded = scenarioState();
    const remedies = guarded.settings.remedies.map((plan) => ({ ...plan, isApprovalRequired: true }));
    const awaiting = await startFakeDaemon({
      state: { ...guarded, settings: { ...guarded.settings, remedies } },
      now: () => 2_000,
    });
    try {
      const seen = { type: "SymptomSeen", service: "web", pattern: "uptime_problems" } as const;
      awaiting.publish({ ...seen, symptom: "service_unavailable", source: "check:0" }, 1_000);
      awaiting.publish({ type: "SymptomRechecked", incidentId: "inc-1", isPresent: true }, 1_000);
      const sdk = createOrbtClient({ baseUrl: awaiting.url });
      const denied = await sdk.denyIncident("inc-1", { by: "bo", note: "peak" });
      expect(denied.ok && denied.value.approvals).toMatchObject([
        { decision: "denied", by: "bo", note: "peak" },
      ]);
      expect(awaiting.requests.at(-1)).toEqual({
        method: "POST",
        url: "/api/v1/incidents/inc-1/deny",
        body: { by: "bo", note: "peak" },
      });
      // Strike 2's remedy is re-checked first, then awaits approval in turn.
      awaiting.publish({ type: "SymptomRechecked", incidentId: "inc-1", isPresent: true }, 2_000);
      const approved = await sdk.approveIncident("inc-1");
      expect(approved.ok && approved.value.approvals.map((a) => a.decision)).toEqual(["denied", "approved"]);
      const again = await sdk.approveIncident("inc-1");
      expect(!again.ok && again.error).toMatchObject({ code: "conflict", status: 409 });
    } finally {
      await awaiting.close();
    }
  });

  it("creates, lists and expires silences, and gets a bad regex refused with its path", async () => {
    const sdk = client();
    const created = await sdk.createSilence({
      matchers: [{ name: "service", type: "=", value: "api" }],
      comment: "migration",
      endsAt: new Date(20_000).toISOString(),
    });
    if (!created.ok) throw created.error;
    expect(created.value).toMatchObject({ state: "active", startsAt: 10_000, endsAt: 20_000, suppressed: 0 });
    daemon.publish({ ...apiDown, type: "SymptomSeen" }, 11_000);
    const listed = await sdk.listSilences();
    expect(listed.ok && listed.value.map((silence) => [silence.id, silence.suppressed])).toEqual([
      [created.value.id, 1],
    ]);
    const expired = await sdk.expireSilence(created.value.id);
    expect(expired.ok && expired.value.state).toBe("expired");
    expect(daemon.requests.at(-1)).toMatchObject({
      method: "DELETE",
      url: `/api/v1/silences/${created.value.id}`,
    });
    const again = await sdk.expireSilence(created.value.id);
    expect(!again.ok && again.error).toMatchObject({ code: "conflict", status: 409 });
    const bad = await sdk.createSilence({
      matchers: [{ name: "service", type: "=~", value: "(" }],
      comment: "x",
      endsAt: new Date(20_000).toISOString(),
    });
    expect(!bad.ok && bad.error).toMatchObject({ status: 400, path: "matchers.0.value" });
  });

  it("sends an operator's note with ack and resolve, kept on the incident's timeline", async () => {
    expect((await client().acknowledgeIncident("inc-1", { note: "on it" })).ok).toBe(true);
    expect(daemon.requests.at(-1)?.body).toEqual({ note: "on it" });
    expect(daemon.getState().incidents["inc-1"]?.timeline.at(-1)).toMatchObject({
      kind: "acknowledged",
      message: "acknowledged by operator",
      note: "on it",
    });
    const lesson = "a full disk; log rotation re-enabled";
    expect((await client().resolveIncident("inc-1", { by: "oncall", note: lesson })).ok).toBe(true);
    expect(daemon.requests.at(-1)?.body).toEqual({ by: "oncall", note: lesson });
    const resolved = await client().getIncident("inc-1");
    expect(resolved.ok && resolved.value.timeline.at(-1)).toMatchObject({
      kind: "resolved",
      message: "resolved by oncall",
      note: lesson,
    });
  });

  it("gets a note over 4096 characters refused, naming the field", async () => {
    const refused = await client().resolveIncident("inc-1", { note: "x".repeat(4097) });
    expect(!refused.ok && refused.error).toMatchObject({ code: "invalid_body", status: 400, path: "note" });
    expect(daemon.getState().incidents["inc-1"]?.state).toBe("escalated");
  });

  it("maps daemon errors to OrbtApiError with code, status and path", async () => {
    const missing = await client().getIncident("inc-99");
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(missing.error).toBeInstanceOf(OrbtApiError);
    expect(missing.error).toMatchObject({ code: "not_found", status: 404 });

    const anonymous = await createOrbtClient({ baseUrl: daemon.url }).getStatus();
    expect(!anonymous.ok && anonymous.error).toMatchObject({ code: "unauthorized", status: 401 });

    const invalid = await client().reportHealth({ service: "no spaces allowed", status: "ok" });
    expect(!invalid.ok && invalid.error).toMatchObject({
      code: "invalid_body",
      status: 400,
      path: "service",
    });
  });

  it("returns network_error without a status when nothing listens", async () => {
    const url = daemon.url;
    await daemon.close();
    const result = await createOrbtClient({ baseUrl: url }).getStatus();
    expect(!result.ok && result.error).toMatchObject({ code: "network_error", status: null });
    daemon = await startFakeDaemon({ state: scenarioState() });
  });

  it("rejects a body that does not match the schema, naming the path", async () => {
    const fetchStub: typeof fetch = async () =>
      Response.json({
        project: "shop",
        environment: "dev",
        automation: { mode: "live", isPaused: false, changedBy: null, changedAt: null, note: null },
        services: 3,
      });
    const result = await createOrbtClient({ baseUrl: "http://127.0.0.1:1", fetch: fetchStub }).getStatus();
    expect(!result.ok && result.error).toMatchObject({
      code: "invalid_response",
      status: 200,
      path: "services",
    });
  });

  it("reports a non-Orbt error body as http_error", async () => {
    const fetchStub: typeof fetch = async () => new Response("<h1>Bad gateway</h1>", { status: 502 });
    const result = await createOrbtClient({
      baseUrl: "http://127.0.0.1:1",
      fetch: fetchStub,
    }).listKnowledge();
    expect(!result.ok && result.error).toMatchObject({ code: "http_error", status: 502 });
  });
});

describe("createOrbtClient drills", () => {
  it("starts a drill, reads it back, and lists drills with their monitoring effectiveness", async () => {
    const repaired = {
      ...startDrill({
        id: "drill-0",
        service: "api",
        fault: "stop",
        by: "ops",
        startedAt: 9_000,
        deadlineAt: 70_000,
      }),
      injectedAt: 9_000,
      incidentId: "inc-9",
      detectMs: 400,
      repairMs: 900,
      resolution: "remedied" as const,
      outcome: "repaired" as const,
      finishedAt: 9_900,
    };
    const withDrills = await startFakeDaemon({
      state: scenarioState(),
      now: () => 10_000,
      drills: [repaired],
    });
    try {
      const drills = createOrbtClient({ baseUrl: withDrills.url });
      const started = await drills.runDrill({ service: "web", fault: "fail" });
      if (!started.ok) throw started.error;
      expect(started.value).toMatchObject({ service: "web", fault: "fail", outcome: "running" });
      const read = await drills.getDrill(started.value.id);
      expect(read.ok && read.value).toEqual(started.value);
      const listed = await drills.listDrills({ window: "1h", limit: 5 });
      if (!listed.ok) throw listed.error;
      expect(withDrills.requests.at(-1)?.url).toBe("/api/v1/drills?window=1h&limit=5");
      expect(listed.value.drills.map((drill) => drill.id)).toEqual([started.value.id, "drill-0"]);
      expect(listed.value.summary).toMatchObject({ faults_injected: 1, monitoring_effectiveness: 1 });
      const missing = await drills.getDrill("nope");
      expect(!missing.ok && missing.error.status).toBe(404);
    } finally {
      await withDrills.close();
    }
  });
});

import {
  AutomationResponse,
  buildStatusView,
  DEFAULT_LIST_LIMIT,
  EscalationReportResponse,
  IncidentResponse,
  type IncidentSummary,
  IncidentsResponse,
  RECENT_RESOLVED_LIMIT,
  ReadinessAssessment,
  renderEscalationMarkdown,
  SilenceResponse,
  SilencesResponse,
  StatusResponse,
} from "@orbt/core";
import type { Hono, MiddlewareHandler } from "hono";
import { expect, it } from "vitest";
import { type ApiDaemon, startApiDaemon } from "../../test/support/api-daemon.js";
import {
  DIALECTS,
  describeDialect,
  type StoreFixture,
  useDialectFixtures,
} from "../../test/support/store-dialects.js";
import type { OrbtConfig } from "../config/orbt-config.js";
import { parseConfigText } from "../config/parse-config-text.js";
import { createHealthApp } from "../signals/health/create-health-app.js";
import type { AuthEnv } from "./auth/index.js";

const T0 = 1_764_140_000_000;

// No remedies: every failing report escalates at once, so an operator's resolve is what closes it.
function parseConfig(): OrbtConfig {
  const parsed = parseConfigText(
    "project: shop\nenvironment: dev\nservices:\n  - name: web\n    platform: exec\n",
    "orbt.yaml",
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const FAILING_REPORT: RequestInit = {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ service: "web", status: "failing" }),
};

const asOperator: MiddlewareHandler<AuthEnv> = async (c, next) => {
  c.set("principal", { name: "ana", role: "operator" });
  await next();
};

type Reply = { readonly status: number; readonly body: unknown };

async function call(
  app: Hono<AuthEnv>,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<Reply> {
  const response = await app.request(`/api/v1${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

async function listIds(app: Hono<AuthEnv>, query: string): Promise<string[]> {
  const { status, body } = await call(app, "GET", `/incidents${query}`);
  expect(status, `GET /incidents${query}`).toBe(200);
  return IncidentsResponse.parse(body).incidents.map((incident: IncidentSummary) => incident.id);
}

for (const dialect of DIALECTS) {
  describeDialect("incidents over REST", dialect, () => {
    const { createFixture, defer } = useDialectFixtures(dialect);
    let now = T0;

    async function startDaemon(fixture: StoreFixture): Promise<ApiDaemon> {
      const clock = () => now;
      const daemon = await startApiDaemon({ fixture, config: parseConfig(), auth: asOperator, clock, defer });
      // Incidents open from health reports, which the daemon takes on the same port.
      daemon.app.route("/", createHealthApp({ sink: daemon.runtime }));
      return daemon;
    }

    /** Opens an incident of `web` with a failing report, and resolves it unless told to leave it open. */
    async function runIncident(daemon: ApiDaemon, n: number, isLeftOpen = false): Promise<void> {
      now += 1000;
      expect((await daemon.app.request("/api/v1/health", FAILING_REPORT)).status).toBe(202);
      expect(daemon.runtime.state.incidents[`inc-${n}`]?.state).toBe("escalated");
      if (isLeftOpen) return;
      now += 1000;
      expect((await call(daemon.app, "POST", `/incidents/inc-${n}/resolve`)).status).toBe(200);
    }

    it("GET /readiness assesses the daemon's own config and store", async () => {
      const daemon = await startDaemon(await createFixture());
      const { status, body } = await call(daemon.app, "GET", "/readiness");
      expect(status).toBe(200);
      const assessment = ReadinessAssessment.parse(body);
      expect(assessment.project).toBe("shop");
      const findings = assessment.areas.flatMap((area) => area.findings.map((f) => `${f.fact}:${f.status}`));
      expect(findings).toContain(`ha_store:${dialect.kind === "postgres" ? "met" : "missing"}`);
      // web has no check, heartbeat or scrape in this config.
      expect(findings).toContain("service_watched:missing");
      expect(assessment.assessed_at).toBe(new Date(now).toISOString());
    });

    it("keeps only live incidents in memory and serves resolved ones from the store, also after a restart", async () => {
      const fixture = await createFixture();
      const first = await startDaemon(fixture);
      const total = DEFAULT_LIST_LIMIT + 20;
      let mostInMemory = 0;
      for (let n = 1; n <= total; n += 1) {
        await runIncident(first, n, n === total);
        mostInMemory = Math.max(mostInMemory, Object.keys(first.runtime.state.incidents).length);
      }

      expect(mostInMemory).toBe(1);
      expect(Object.keys(first.runtime.state.incidents)).toEqual([`inc-${total}`]);
      expect(first.runtime.history.recentResolved).toHaveLength(RECENT_RESOLVED_LIMIT);
      expect(first.runtime.history.recentResolved[0]?.id).toBe(`inc-${total - 1}`);
      expect(first.runtime.history.counts).toEqual({
        remediedAtStrike1: 0,
        remediedAtStrike2: 0,
        escalated: total,
      });

      expect(await listIds(first.app, "")).toHaveLength(DEFAULT_LIST_LIMIT);
      expect(await listIds(first.app, "?limit=3")).toEqual([
        `inc-${total}`,
        `inc-${total - 1}`,
        `inc-${total - 2}`,
      ]);
      expect(await listIds(first.app, `?limit=2&after=inc-${total - 2}`)).toEqual([
        `inc-${total - 3}`,
        `inc-${total - 4}`,
      ]);
      expect(await listIds(first.app, "?state=escalated")).toEqual([`inc-${total}`]);
      expect(await listIds(first.app, "?state=resolved&limit=1")).toEqual([`inc-${total - 1}`]);
      expect(await listIds(first.app, "?after=inc-3")).toEqual(["inc-2", "inc-1"]);

      const resolved = await call(first.app, "GET", "/incidents/inc-7");
      expect(resolved.status).toBe(200);
      const { incident } = IncidentResponse.parse(resolved.body);
      expect(incident).toMatchObject({ id: "inc-7", state: "resolved", resolution: "operator", strike: 3 });
      expect(incident.timeline.map((entry) => entry.kind)).toEqual([
        "opened",
        "strike_skipped",
        "strike_skipped",
        "escalated",
        "resolved",
      ]);
      const live = await call(first.app, "GET", `/incidents/inc-${total}`);
      expect(IncidentResponse.parse(live.body).incident).toEqual(
        first.runtime.state.incidents[`inc-${total}`],
      );
      const listedBefore = await call(first.app, "GET", "/incidents?limit=1000");

      await first.stop();
      now += 60_000;
      const second = await startDaemon(fixture);

      expect(Object.keys(second.runtime.state.incidents)).toEqual([`inc-${total}`]);
      expect(second.runtime.history).toEqual(first.runtime.history);
      expect(await call(second.app, "GET", "/incidents/inc-7")).toEqual(resolved);
      expect(await call(second.app, "GET", "/incidents?limit=1000")).toEqual(listedBefore);
    });

    it("pauses and resumes automation: journaled, shown in the status, kept across a restart", async () => {
      const fixture = await createFixture();
      const first = await startDaemon(fixture);
      now += 1000;
      const pausedAt = now;
      const paused = await call(first.app, "POST", "/automation/pause", { note: "deploy" });
      expect(paused.status).toBe(200);
      expect(AutomationResponse.parse(paused.body).automation).toMatchObject({
        mode: "live",
        isPaused: true,
        changedBy: "ana",
        changedAt: pausedAt,
        note: "deploy",
      });
      const status = StatusResponse.parse((await call(first.app, "GET", "/status")).body);
      expect(status.automation).toEqual({
        mode: "live",
        isPaused: true,
        changedBy: "ana",
        changedAt: pausedAt,
        note: "deploy",
      });
      expect(await call(first.app, "POST", "/automation/pause", { reason: "typo" })).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_request" } },
      });

      await first.stop();
      const second = await startDaemon(fixture);
      const view = AutomationResponse.parse((await call(second.app, "GET", "/automation")).body).automation;
      expect(view).toMatchObject({ isPaused: true, changedBy: "ana", changedAt: pausedAt, note: "deploy" });
      expect(view.budget).toEqual({ actions: 20, windowMs: 3_600_000, used: 0, left: 20 });
      now += 1000;
      const resumed = await call(second.app, "POST", "/automation/resume", { by: "bo" });
      expect(AutomationResponse.parse(resumed.body).automation).toMatchObject({
        isPaused: false,
        changedBy: "bo",
        changedAt: now,
        note: null,
      });
    });

    it("shows in the status each service's newest live incident", async () => {
      const daemon = await startDaemon(await createFixture());
      await runIncident(daemon, 1, true);
      now += 1000;
      await daemon.runtime.dispatch({
        type: "SymptomSeen",
        service: "web",
        pattern: "performance_issues",
        symptom: "high_response_times",
        source: "check:1",
      });
      const { status, body } = await call(daemon.app, "GET", "/status");
      expect(status).toBe(200);
      expect(StatusResponse.parse(body)).toEqual(buildStatusView(daemon.runtime.state));
      expect(StatusResponse.parse(body).services).toMatchObject([
        { name: "web", status: "RED", openIncident: { id: "inc-2", pattern: "performance_issues" } },
      ]);
    });

    it("keeps an operator's note of up to 4096 characters on the ack's and the resolve's timeline entries", async () => {
      const daemon = await startDaemon(await createFixture());
      await runIncident(daemon, 1, true);
      const ackNote = "looking at the connection pool";
      const acked = await call(daemon.app, "POST", "/incidents/inc-1/ack", { note: ackNote });
      expect(acked.status).toBe(200);
      expect(IncidentResponse.parse(acked.body).incident.timeline.at(-1)).toMatchObject({
        kind: "acknowledged",
        message: "acknowledged by ana",
        note: ackNote,
      });
      const lesson = "x".repeat(4096);
      now += 1000;
      const resolved = await call(daemon.app, "POST", "/incidents/inc-1/resolve", {
        by: "oncall",
        note: lesson,
      });
      expect(resolved.status).toBe(200);
      expect(IncidentResponse.parse(resolved.body).incident.timeline.at(-1)).toEqual({
        at: now,
        kind: "resolved",
        message: "resolved by oncall",
        note: lesson,
      });
      const stored = await call(daemon.app, "GET", "/incidents/inc-1");
      expect(IncidentResponse.parse(stored.body).incident.timeline.at(-1)?.note).toBe(lesson);
    });

    it("refuses a note over 4096 characters and an unknown key, naming them", async () => {
      const daemon = await startDaemon(await createFixture());
      await runIncident(daemon, 1, true);
      for (const verb of ["ack", "resolve"]) {
        const tooLong = await call(daemon.app, "POST", `/incidents/inc-1/${verb}`, {
          note: "x".repeat(4097),
        });
        expect(tooLong, verb).toMatchObject({
          status: 400,
          body: {
            error: {
              code: "invalid_request",
              path: "note",
              message: expect.stringMatching(/^body note: /),
            },
          },
        });
        const unknown = await call(daemon.app, "POST", `/incidents/inc-1/${verb}`, {
          by: "ana",
          lesson: "x",
        });
        expect(unknown, verb).toMatchObject({
          status: 400,
          body: { error: { code: "invalid_request", message: expect.stringContaining('"lesson"') } },
        });
      }
      expect(daemon.runtime.state.incidents["inc-1"]).toMatchObject({
        state: "escalated",
        acknowledgedBy: null,
      });
    });

    it("answers ack and resolve of a resolved incident with 409, of an unknown one with 404", async () => {
      const daemon = await startDaemon(await createFixture());
      await runIncident(daemon, 1);

      for (const verb of ["ack", "resolve"]) {
        const refused = await call(daemon.app, "POST", `/incidents/inc-1/${verb}`);
        expect(refused).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
        expect(await call(daemon.app, "POST", `/incidents/inc-9/${verb}`)).toMatchObject({
          status: 404,
          body: { error: { code: "not_found" } },
        });
      }
      expect((await call(daemon.app, "GET", "/incidents/inc-9")).status).toBe(404);
      expect(
        IncidentResponse.parse((await call(daemon.app, "GET", "/incidents/inc-1")).body).incident,
      ).toMatchObject({ state: "resolved", acknowledgedBy: null });
    });

    it("answers approve and deny of an incident not awaiting approval with 409, of an unknown one with 404", async () => {
      const daemon = await startDaemon(await createFixture());
      await runIncident(daemon, 1, true);
      for (const verb of ["approve", "deny"]) {
        expect(await call(daemon.app, "POST", `/incidents/inc-1/${verb}`, { by: "ana" })).toMatchObject({
          status: 409,
          body: {
            error: {
              code: "conflict",
              message: `incident inc-1 is not awaiting approval (it is escalated); there is nothing to ${verb}`,
            },
          },
        });
        expect(await call(daemon.app, "POST", `/incidents/inc-9/${verb}`)).toMatchObject({
          status: 404,
          body: { error: { code: "not_found" } },
        });
        expect((await call(daemon.app, "POST", `/incidents/inc-1/${verb}`, { who: "x" })).status).toBe(400);
      }
      expect(daemon.runtime.state.incidents["inc-1"]?.approvals).toEqual([]);
    });

    it("creates silences that keep symptoms from opening incidents, lists them with their counts, and expires them", async () => {
      const daemon = await startDaemon(await createFixture());
      const endsAt = new Date(now + 3_600_000).toISOString();
      const created = await call(daemon.app, "POST", "/silences", {
        matchers: [{ name: "service", type: "=~", value: "we.*" }],
        comment: "planned failover",
        endsAt,
      });
      expect(created.status).toBe(201);
      const { silence } = SilenceResponse.parse(created.body);
      expect(silence).toMatchObject({ createdBy: "ana", startsAt: now, state: "active", suppressed: 0 });
      expect((await daemon.app.request("/api/v1/health", FAILING_REPORT)).status).toBe(202);
      expect(daemon.runtime.state.incidents).toEqual({});
      const listed = SilencesResponse.parse((await call(daemon.app, "GET", "/silences")).body);
      expect(listed.silences).toMatchObject([{ id: silence.id, suppressed: 1 }]);

      now += 1000;
      const expired = await call(daemon.app, "DELETE", `/silences/${silence.id}`);
      expect(SilenceResponse.parse(expired.body).silence).toMatchObject({
        state: "expired",
        expiredBy: "ana",
        expiredAt: now,
      });
      // The held-back symptom is raised once no silence holds it.
      expect(daemon.runtime.state.incidents["inc-1"]).toMatchObject({ service: "web", state: "escalated" });
      expect(await call(daemon.app, "DELETE", `/silences/${silence.id}`)).toMatchObject({ status: 409 });
      expect(await call(daemon.app, "DELETE", "/silences/nope")).toMatchObject({ status: 404 });
      expect(SilencesResponse.parse((await call(daemon.app, "GET", "/silences")).body).silences).toHaveLength(
        1,
      );
    });

    it("refuses a silence with a bad matcher, regex or end, naming the field", async () => {
      const daemon = await startDaemon(await createFixture());
      const endsAt = new Date(now + 60_000).toISOString();
      const cases: [unknown, string][] = [
        [
          { matchers: [{ name: "service", type: "=~", value: "web(" }], comment: "x", endsAt },
          "matchers[0].value",
        ],
        [{ matchers: [{ name: "9x", type: "=", value: "web" }], comment: "x", endsAt }, "matchers[0].name"],
        [
          { matchers: [{ name: "service", type: "~", value: "web" }], comment: "x", endsAt },
          "matchers[0].type",
        ],
        [{ matchers: [], comment: "x", endsAt }, "matchers"],
        [
          { matchers: [{ name: "service", type: "=", value: "web" }], comment: "x", endsAt: "soon" },
          "endsAt",
        ],
        [
          {
            matchers: [{ name: "service", type: "=", value: "web" }],
            comment: "x",
            endsAt: new Date(now - 1000).toISOString(),
          },
          "endsAt",
        ],
      ];
      for (const [body, path] of cases) {
        const refused = await call(daemon.app, "POST", "/silences", body);
        expect(refused, path).toMatchObject({
          status: 400,
          body: { error: { code: "invalid_request", path } },
        });
      }
      expect(daemon.runtime.state.silences).toEqual({});
    });

    it("refuses a limit out of range and a cursor naming no incident", async () => {
      const daemon = await startDaemon(await createFixture());
      for (const query of ["limit=0", "limit=1001", "limit=ten", "after=inc-404", "state=closed"]) {
        const refused = await call(daemon.app, "GET", `/incidents?${query}`);
        expect(refused, query).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
      }
      expect((await call(daemon.app, "GET", "/escalations?limit=0")).status).toBe(400);
    });

    it("serves an escalation's report as JSON or Markdown, one stored in an older shape built again", async () => {
      const daemon = await startDaemon(await createFixture());
      await runIncident(daemon, 1, true);
      const json = await call(daemon.app, "GET", "/escalations/inc-1.esc/report");
      expect(json.status).toBe(200);
      const { report } = EscalationReportResponse.parse(json.body);
      expect(report).toMatchObject({ escalation_id: "inc-1.esc", reason: "no_remedy", service: "web" });

      const markdown = await daemon.app.request("/api/v1/escalations/inc-1.esc/report?format=md");
      expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
      expect(await markdown.text()).toBe(renderEscalationMarkdown(report));

      await daemon.store.insertEscalations([
        {
          id: "inc-1.before",
          incidentId: "inc-1",
          at: T0,
          reason: "no_remedy",
          urgency: "medium",
          report: { escalation_id: "inc-1.before", business_impact: "web has shown health_check_failures" },
        },
      ]);
      const rebuilt = EscalationReportResponse.parse(
        (await call(daemon.app, "GET", "/escalations/inc-1.before/report")).body,
      ).report;
      expect(rebuilt).toMatchObject({
        escalation_id: "inc-1.before",
        escalated_at: new Date(T0).toISOString(),
      });
      expect((await call(daemon.app, "GET", "/escalations")).status).toBe(200);

      expect(await call(daemon.app, "GET", "/escalations/inc-9.esc/report")).toMatchObject({
        status: 404,
        body: { error: { code: "not_found", message: "no escalation inc-9.esc" } },
      });
      expect(await call(daemon.app, "GET", "/escalations/inc-1.esc/report?format=pdf")).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_request", path: "format" } },
      });
    });

    it("fills in at start the detail of incidents stored before the store kept it", async () => {
      const fixture = await createFixture();
      const first = await startDaemon(fixture);
      await runIncident(first, 1);
      await runIncident(first, 2);
      await runIncident(first, 3, true);
      const before = await Promise.all(
        ["inc-1", "inc-2", "inc-3"].map((id) => call(first.app, "GET", `/incidents/${id}`)),
      );
      for (const row of await first.store.listIncidents())
        await first.store.upsertIncidents([{ ...row, detail: null }]);
      expect(await first.store.listIncidentIdsWithoutDetail()).toHaveLength(3);
      await first.stop();

      const second = await startDaemon(fixture);

      expect(await second.store.listIncidentIdsWithoutDetail()).toEqual([]);
      const after = await Promise.all(
        ["inc-1", "inc-2", "inc-3"].map((id) => call(second.app, "GET", `/incidents/${id}`)),
      );
      expect(after).toEqual(before);
      expect(await listIds(second.app, "")).toEqual(["inc-3", "inc-2", "inc-1"]);
    });
  });
}

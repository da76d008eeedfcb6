import { randomUUID } from "node:crypto";
import {
  ApiError,
  AutomationResponse,
  buildEscalationReport,
  buildPatternViews,
  buildStatusView,
  DEFAULT_LIST_LIMIT,
  type EngineState,
  EscalationReport,
  EscalationReportQuery,
  EscalationReportResponse,
  EscalationsQuery,
  EscalationsResponse,
  type EscalationView,
  type HaStatus,
  type Incident,
  IncidentId,
  IncidentResponse,
  type IncidentSummary,
  IncidentsQuery,
  IncidentsResponse,
  type NotifyReceiverView,
  NotifyResponse,
  OperatorNote,
  PatternsResponse,
  ReadinessAssessment,
  renderEscalationMarkdown,
  type Silence,
  SilenceRequest,
  SilenceResponse,
  SilencesResponse,
  StatusResponse,
  StoreStatusResponse,
  summarizeIncident,
  type UpstreamStatus,
} from "@orbt/core";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { Logger } from "../create-logger.js";
import type { DaemonMetrics } from "../daemon-metrics.js";
import type { DrillRunner } from "../drills/drill-runner.js";
import type { FleetInbox } from "../fleet/fleet-inbox.js";
import type { DomainReports } from "../reports/domain-reports.js";
import { NotLeaderError } from "../runtime/not-leader-error.js";
import type { OrbtRuntime } from "../runtime/orbt-runtime.js";
import type { EscalationRecord, Store } from "../store/store.js";
import { storedIncident } from "../store/stored-incident.js";
import { ApiFailure, parseOrFail } from "./api-failure.js";
import { type AuthEnv, publicRoute, requireRole } from "./auth/index.js";
import { drillRoutes } from "./drill-routes.js";
import { fleetRoutes } from "./fleet-routes.js";
import { knowledgeRoutes } from "./knowledge-routes.js";
import { buildOpenApiDocument } from "./openapi/build-openapi-document.js";
import { describeRoute, jsonResponse } from "./openapi/describe-route.js";
import { readJsonBody } from "./read-json-body.js";
import { reportRoutes } from "./report-routes.js";
import { STREAM_OPERATION } from "./stream-hub.js";

export type ApiOptions = {
  readonly runtime: OrbtRuntime;
  /** Runs before every route but `/healthz`, which liveness probes reach without a token. */
  readonly auth: MiddlewareHandler<AuthEnv>;
  readonly store: Store;
  readonly metrics: DaemonMetrics;
  /** The notification receivers' queues and errors. */
  readonly notify: { status(): Promise<NotifyReceiverView[]> };
  readonly log: Logger;
  /** The production readiness assessment, gathered when asked. */
  readonly assessReadiness: () => Promise<ReadinessAssessment>;
  readonly reports: DomainReports;
  readonly drills: DrillRunner;
  /** What hosts reporting to this daemon forwarded: listed by `?host=` and `/hosts`. */
  readonly fleet: FleetInbox;
  /** Who leads, for one of an HA pair; absent for the one daemon of its store. */
  readonly ha?: () => Promise<HaStatus>;
  /** On a host daemon with `upstream:`: its reporting, for the status. */
  readonly upstream?: { status(): Promise<UpstreamStatus> } | undefined;
  /** Receiver routes that hold bodies to `ingest.max_body` themselves, so the API's own limit skips them. */
  readonly receiverPaths?: ReadonlySet<string>;
};

const API_BODY_LIMIT_BYTES = 1024 * 1024;

const IncidentPath = z.object({ id: IncidentId });
const SilencePath = z.object({ id: z.string().min(1) });
const EscalationPath = z.object({ id: z.string().min(1) });
const OPERATOR_NOTE_BODY = { content: { "application/json": { schema: OperatorNote } } };
const invalidRequest = jsonResponse("The query or body names what is wrong, in `error.path`.", ApiError);
const noIncident = jsonResponse("No incident with that id.", ApiError);
const alreadyResolved = jsonResponse("The incident is already resolved.", ApiError);

/** Pending and active silences first, then expired ones, each newest first. */
function listSilences(state: EngineState): Silence[] {
  const isOver = (silence: Silence) => (silence.state === "expired" ? 1 : 0);
  return Object.values(state.silences).sort(
    (a, b) => isOver(a) - isOver(b) || b.createdAt - a.createdAt || a.id.localeCompare(b.id),
  );
}

/** Where an incident stands, for an error message: its phase while open, else its state. */
function describeWhere(incident: Incident): string {
  return incident.state === "open" ? incident.phase.kind : incident.state;
}

export function createApi(options: ApiOptions): Hono<AuthEnv> {
  const { runtime, store, metrics, notify, log } = options;
  const app = new Hono<AuthEnv>();

  app.onError((err, c) => {
    if (err instanceof ApiFailure) {
      return c.json(
        {
          error: {
            code: err.code,
            message: err.message,
            ...(err.path === undefined ? {} : { path: err.path }),
          },
        },
        err.status,
      );
    }
    if (err instanceof NotLeaderError) {
      return c.json({ error: { code: "not_leader", message: err.message } }, 503);
    }
    log.error({ err, path: c.req.path }, "request failed");
    return c.json({ error: { code: "internal", message: "internal error; see the daemon log" } }, 500);
  });
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  const tooLarge = () => {
    throw new ApiFailure(413, "body_too_large", `request body exceeds ${API_BODY_LIMIT_BYTES} bytes`);
  };
  const limitBody = bodyLimit({ maxSize: API_BODY_LIMIT_BYTES, onError: tooLarge });
  app.use("*", async (c, next) => {
    if (options.receiverPaths?.has(c.req.path)) return next();
    // bodyLimit asks for `raw.body`, for which the Node adapter builds a whole web Request per call; a
    // declared Content-Length, which Node's HTTP parser holds the body to, is checked without it.
    const declared = c.req.header("content-length");
    if (declared === undefined || c.req.header("transfer-encoding") !== undefined) return limitBody(c, next);
    if (Number(declared) > API_BODY_LIMIT_BYTES) tooLarge();
    await next();
  });

  app.get(
    "/healthz",
    publicRoute(),
    describeRoute({
      operationId: "getHealthz",
      summary: "Liveness: the daemon answers",
      tags: ["daemon"],
      responses: { 200: jsonResponse("Up.", z.object({ status: z.literal("ok") })) },
    }),
    (c) => c.json({ status: "ok" }),
  );
  // Built on first request, once every route is mounted; it says only what the API looks like.
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
  const describeApi = () => {
    openApiDocument ??= buildOpenApiDocument(app, [STREAM_OPERATION]);
    return openApiDocument;
  };
  app.get(
    "/api/v1/openapi.json",
    publicRoute(),
    describeRoute({
      operationId: "getOpenApiDocument",
      summary: "This document: the API described in OpenAPI 3.1",
      tags: ["daemon"],
      responses: { 200: { description: "The OpenAPI document.", content: { "application/json": {} } } },
    }),
    (c) => c.json(describeApi()),
  );
  app.use("*", options.auth);
  app.get(
    "/metrics",
    requireRole("viewer"),
    describeRoute({
      operationId: "getMetrics",
      summary: "The daemon's own metrics, in the Prometheus text format",
      tags: ["daemon"],
      responses: { 200: { description: "Prometheus exposition.", content: { "text/plain": {} } } },
    }),
    async (c) =>
      c.text(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType }),
  );

  const api = new Hono<AuthEnv>();
  api.get(
    "/status",
    requireRole("viewer"),
    describeRoute({
      operationId: "getStatus",
      summary: "Every service's status, ORBT mode, scale, deploy and open incident, and who leads an HA pair",
      tags: ["status"],
      responses: { 200: jsonResponse("The status.", StatusResponse) },
    }),
    async (c) => {
      const status = buildStatusView(runtime.state, (await options.ha?.()) ?? null);
      const { upstream } = options;
      return c.json(upstream === undefined ? status : { ...status, upstream: await upstream.status() });
    },
  );

  api.get(
    "/store",
    requireRole("viewer"),
    describeRoute({
      operationId: "getStoreStatus",
      summary:
        "The journal's last seq, the newest engine checkpoint, and how the last start rebuilt the state",
      tags: ["daemon"],
      responses: { 200: jsonResponse("The store's status.", StoreStatusResponse) },
    }),
    (c) =>
      c.json({
        journal: { lastSeq: runtime.seq },
        checkpoint: runtime.checkpoint,
      } satisfies StoreStatusResponse),
  );

  /** The store's rows include live incidents: each is written in the transaction that journals its change. */
  api.get(
    "/incidents",
    requireRole("viewer"),
    describeRoute({
      operationId: "listIncidents",
      summary: "Incidents, newest first, a page at a time",
      tags: ["incidents"],
      requestParams: { query: IncidentsQuery },
      responses: { 200: jsonResponse("A page of incidents.", IncidentsResponse), 400: invalidRequest },
    }),
    async (c) => {
      const query = parseOrFail(IncidentsQuery, c.req.query(), "query");
      if (query.host === "*") return c.json({ incidents: await listEveryHostsIncidents(query) });
      if (isRemoteHost(query.host)) return c.json({ incidents: await listHostIncidents(query.host, query) });
      const after = query.after === undefined ? undefined : await store.getIncident(query.after);
      if (query.after !== undefined && after === undefined) {
        throw new ApiFailure(400, "invalid_request", `query after: no incident ${query.after}`, "after");
      }
      const rows = await store.listIncidents({
        ...(query.state === undefined ? {} : { state: query.state }),
        limit: query.limit ?? DEFAULT_LIST_LIMIT,
        ...(after === undefined ? {} : { after }),
      });
      return c.json({ incidents: rows.map((row) => summarizeIncident(storedIncident(row))) });
    },
  );

  function isRemoteHost(host: string | undefined): host is string {
    return host !== undefined && host !== options.fleet.localHost;
  }

  /** The newest of this daemon's and its hosts' incidents, merged; one page, as a keyset spans one host. */
  async function listEveryHostsIncidents(query: IncidentsQuery) {
    if (query.after !== undefined) {
      throw new ApiFailure(400, "invalid_request", "query after: not with host=*; page one host", "after");
    }
    const filter = {
      ...(query.state === undefined ? {} : { state: query.state }),
      limit: query.limit ?? DEFAULT_LIST_LIMIT,
    };
    const own = (await store.listIncidents(filter)).map((row) => ({
      ...summarizeIncident(storedIncident(row)),
      host: options.fleet.localHost,
    }));
    const forwarded = (await store.listFleetIncidents(filter)).map(({ host, incident }) => ({
      ...summarizeIncident(incident),
      host,
    }));
    return [...own, ...forwarded]
      .sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, filter.limit);
  }

  async function listHostIncidents(host: string, query: IncidentsQuery): Promise<IncidentSummary[]> {
    const after = query.after === undefined ? undefined : await store.getHostIncident(host, query.after);
    if (query.after !== undefined && after === undefined) {
      throw new ApiFailure(
        400,
        "invalid_request",
        `query after: no incident ${query.after} of host ${host}`,
        "after",
      );
    }
    const incidents = await store.listHostIncidents(host, {
      ...(query.state === undefined ? {} : { state: query.state }),
      limit: query.limit ?? DEFAULT_LIST_LIMIT,
      ...(after === undefined ? {} : { after }),
    });
    return incidents.map(summarizeIncident);
  }

  /** Live incidents from memory; resolved ones, which the engine no longer holds, from the store. */
  async function findIncident(id: string): Promise<Incident> {
    const live = runtime.state.incidents[id];
    if (live !== undefined) return live;
    const row = await store.getIncident(id);
    if (row === undefined) throw new ApiFailure(404, "not_found", `no incident ${id}`);
    return storedIncident(row);
  }

  async function requireLiveIncident(id: string, verb: string): Promise<Incident> {
    const incident = await findIncident(id);
    if (incident.state === "resolved") {
      throw new ApiFailure(
        409,
        "conflict",
        `incident ${id} is already resolved; there is nothing to ${verb}`,
      );
    }
    return incident;
  }

  api.get(
    "/incidents/:id",
    requireRole("viewer"),
    describeRoute({
      operationId: "getIncident",
      summary: "One incident with its timeline and actions",
      tags: ["incidents"],
      requestParams: { path: IncidentPath },
      responses: { 200: jsonResponse("The incident.", IncidentResponse), 404: noIncident },
    }),
    async (c) => c.json({ incident: await findIncident(c.req.param("id")) }),
  );

  /** An operator's word on a live incident: journaled, by the caller's token name unless `by` says who. */
  for (const { path, verb, type, operationId, summary } of [
    {
      path: "ack",
      verb: "acknowledge",
      type: "IncidentAcknowledged",
      operationId: "acknowledgeIncident",
      summary: "Acknowledge an incident: a person is on it",
    },
    {
      path: "resolve",
      verb: "resolve",
      type: "IncidentResolvedByOperator",
      operationId: "resolveIncident",
      summary: "Resolve an incident by hand",
    },
  ] as const) {
    api.post(
      `/incidents/:id/${path}`,
      requireRole("operator"),
      describeRoute({
        operationId,
        summary,
        tags: ["incidents"],
        requestParams: { path: IncidentPath },
        requestBody: OPERATOR_NOTE_BODY,
        responses: {
          200: jsonResponse("The incident after the change.", IncidentResponse),
          400: invalidRequest,
          404: noIncident,
          409: alreadyResolved,
        },
      }),
      async (c) => {
        const id = c.req.param("id");
        const body = parseOrFail(OperatorNote, await readJsonBody(c, true), "body");
        await requireLiveIncident(id, verb);
        await runtime.dispatch({ type, incidentId: id, ...body, by: body.by ?? c.var.principal.name });
        return c.json({ incident: await findIncident(id) });
      },
    );
  }

  /** An answer to the remedy an incident awaits approval for: journaled, so it is acted on exactly once. */
  for (const { verb, type, operationId, summary } of [
    {
      verb: "approve",
      type: "ActionApproved",
      operationId: "approveIncident",
      summary: "Approve the remedy an incident awaits approval for: it goes on through the rails and runs",
    },
    {
      verb: "deny",
      type: "ActionDenied",
      operationId: "denyIncident",
      summary: "Deny the remedy an incident awaits approval for: its strike fails and the ladder goes on",
    },
  ] as const) {
    api.post(
      `/incidents/:id/${verb}`,
      requireRole("operator"),
      describeRoute({
        operationId,
        summary,
        tags: ["incidents"],
        requestParams: { path: IncidentPath },
        requestBody: OPERATOR_NOTE_BODY,
        responses: {
          200: jsonResponse("The incident after the answer.", IncidentResponse),
          400: invalidRequest,
          404: noIncident,
          409: jsonResponse("The incident awaits no approval.", ApiError),
        },
      }),
      async (c) => {
        const id = c.req.param("id");
        const body = parseOrFail(OperatorNote, await readJsonBody(c, true), "body");
        const incident = await findIncident(id);
        if (incident.state !== "open" || incident.phase.kind !== "awaiting_approval") {
          throw new ApiFailure(
            409,
            "conflict",
            `incident ${id} is not awaiting approval (it is ${describeWhere(incident)}); there is nothing to ${verb}`,
          );
        }
        await runtime.dispatch({ type, incidentId: id, ...body, by: body.by ?? c.var.principal.name });
        return c.json({ incident: await findIncident(id) });
      },
    );
  }

  api.get(
    "/automation",
    requireRole("viewer"),
    describeRoute({
      operationId: "getAutomation",
      summary: "The kill switch, the mode, and where the safety rails stand",
      tags: ["automation"],
      responses: { 200: jsonResponse("The automation.", AutomationResponse) },
    }),
    (c) => c.json({ automation: runtime.automationView() }),
  );

  /** The kill switch: journaled, so it holds from the moment the call returns and across restarts. */
  for (const [verb, type] of [
    ["pause", "AutomationPaused"],
    ["resume", "AutomationResumed"],
  ] as const) {
    api.post(
      `/automation/${verb}`,
      requireRole("operator"),
      describeRoute({
        operationId: `${verb}Automation`,
        summary: verb === "pause" ? "Pause every remedy: the kill switch" : "Resume remedies",
        tags: ["automation"],
        requestBody: OPERATOR_NOTE_BODY,
        responses: {
          200: jsonResponse("The automation after the change.", AutomationResponse),
          400: invalidRequest,
        },
      }),
      async (c) => {
        const body = parseOrFail(OperatorNote, await readJsonBody(c, true), "body");
        await runtime.dispatch({ type, ...body, by: body.by ?? c.var.principal.name });
        return c.json({ automation: runtime.automationView() });
      },
    );
  }

  /** Silences live in the engine state, journaled; pending and active first, then expired, newest first. */
  api.get(
    "/silences",
    requireRole("viewer"),
    describeRoute({
      operationId: "listSilences",
      summary: "Silences, active and pending first, then the latest expired ones, with what each suppressed",
      tags: ["silences"],
      responses: { 200: jsonResponse("The silences.", SilencesResponse) },
    }),
    (c) => c.json({ silences: listSilences(runtime.state) }),
  );

  api.post(
    "/silences",
    requireRole("operator"),
    describeRoute({
      operationId: "createSilence",
      summary: "Silence the symptoms the matchers match until endsAt",
      tags: ["silences"],
      requestBody: { content: { "application/json": { schema: SilenceRequest } } },
      responses: { 201: jsonResponse("The silence.", SilenceResponse), 400: invalidRequest },
    }),
    async (c) => {
      const body = parseOrFail(SilenceRequest, await readJsonBody(c, false), "body");
      const now = runtime.now();
      const startsAt = body.startsAt === undefined ? now : Date.parse(body.startsAt);
      const endsAt = Date.parse(body.endsAt);
      if (endsAt <= Math.max(startsAt, now)) {
        throw new ApiFailure(
          400,
          "invalid_request",
          "body endsAt: expected a time after startsAt and after now",
          "endsAt",
        );
      }
      const id = randomUUID();
      const silence = {
        id,
        matchers: body.matchers,
        createdBy: body.createdBy ?? c.var.principal.name,
        comment: body.comment,
        startsAt,
        endsAt,
      };
      await runtime.dispatch({ type: "SilenceCreated", silence });
      return c.json({ silence: runtime.state.silences[id] }, 201);
    },
  );

  api.delete(
    "/silences/:id",
    requireRole("operator"),
    describeRoute({
      operationId: "expireSilence",
      summary: "Expire a silence now; it stays listed for audit",
      tags: ["silences"],
      requestParams: { path: SilencePath },
      responses: {
        200: jsonResponse("The expired silence.", SilenceResponse),
        404: jsonResponse("No silence with that id.", ApiError),
        409: jsonResponse("The silence is already expired.", ApiError),
      },
    }),
    async (c) => {
      const id = c.req.param("id");
      const silence = runtime.state.silences[id];
      if (silence === undefined) throw new ApiFailure(404, "not_found", `no silence ${id}`);
      if (silence.state === "expired") {
        throw new ApiFailure(409, "conflict", `silence ${id} is already expired`);
      }
      await runtime.dispatch({ type: "SilenceExpired", silenceId: id, by: c.var.principal.name });
      return c.json({ silence: runtime.state.silences[id] });
    },
  );
  /**
   * The report as it was sent at the escalation; one stored in an older shape is built again from the
   * incident as it is now.
   */
  async function reportOf(row: EscalationRecord): Promise<EscalationReport> {
    const stored = EscalationReport.safeParse(row.report);
    if (stored.success) return stored.data;
    const escalation = { escalationId: row.id, reason: row.reason, at: row.at };
    return buildEscalationReport(runtime.state, await findIncident(row.incidentId), escalation);
  }

  api.get(
    "/escalations",
    requireRole("viewer"),
    describeRoute({
      operationId: "listEscalations",
      summary: "Escalations to people, newest first, with their reports and delivery",
      tags: ["incidents"],
      requestParams: { query: EscalationsQuery },
      responses: { 200: jsonResponse("The escalations.", EscalationsResponse), 400: invalidRequest },
    }),
    async (c) => {
      const query = parseOrFail(EscalationsQuery, c.req.query(), "query");
      if (isRemoteHost(query.host)) {
        const forwarded = await store.listHostEscalations(query.host, {
          limit: query.limit ?? DEFAULT_LIST_LIMIT,
        });
        // Delivery is the host's business: its central daemon keeps what was escalated, not who was told.
        return c.json({
          escalations: forwarded.map((escalation) => ({
            ...escalation,
            isDelivered: false,
            deliveryError: null,
          })),
        });
      }
      const rows = await store.listEscalations({ limit: query.limit ?? DEFAULT_LIST_LIMIT });
      const escalations: EscalationView[] = [];
      for (const row of rows) {
        escalations.push({
          id: row.id,
          incidentId: row.incidentId,
          at: row.at,
          reason: row.reason,
          urgency: row.urgency,
          isDelivered: row.delivered,
          deliveryError: row.deliveryError,
          report: await reportOf(row),
        });
      }
      return c.json({ escalations });
    },
  );

  api.get(
    "/escalations/:id/report",
    requireRole("viewer"),
    describeRoute({
      operationId: "getEscalationReport",
      summary: "One escalation's report as it was sent, as JSON or (format=md) Markdown",
      tags: ["incidents"],
      requestParams: { path: EscalationPath, query: EscalationReportQuery },
      responses: {
        200: {
          description: "The report.",
          content: {
            "application/json": { schema: EscalationReportResponse },
            "text/markdown": { schema: z.string() },
          },
        },
        400: invalidRequest,
        404: jsonResponse("No escalation with that id.", ApiError),
      },
    }),
    async (c) => {
      const id = c.req.param("id");
      const query = parseOrFail(EscalationReportQuery, c.req.query(), "query");
      const row = await store.getEscalation(id);
      if (row === undefined) throw new ApiFailure(404, "not_found", `no escalation ${id}`);
      const report = await reportOf(row);
      if (query.format === "md") {
        return c.text(renderEscalationMarkdown(report), 200, {
          "content-type": "text/markdown; charset=utf-8",
        });
      }
      return c.json({ report });
    },
  );

  api.get(
    "/readiness",
    requireRole("viewer"),
    describeRoute({
      operationId: "getReadiness",
      summary: "The production readiness assessment: six areas scored from facts, each finding with its fix",
      tags: ["readiness"],
      responses: { 200: jsonResponse("The assessment.", ReadinessAssessment) },
    }),
    async (c) => c.json(await options.assessReadiness()),
  );

  api.route("/knowledge", knowledgeRoutes(runtime));
  api.route("/", fleetRoutes(runtime, store, options.fleet));
  api.route("/reports", reportRoutes(options.reports));
  api.route(
    "/drills",
    drillRoutes(options.drills, () => runtime.now()),
  );
  api.get(
    "/patterns",
    requireRole("viewer"),
    describeRoute({
      operationId: "listPatterns",
      summary: "The error pattern catalog, the seed's first",
      tags: ["knowledge"],
      responses: { 200: jsonResponse("The catalog.", PatternsResponse) },
    }),
    (c) => c.json({ patterns: buildPatternViews(runtime.state.settings.patterns) }),
  );

  api.get(
    "/notify",
    requireRole("viewer"),
    describeRoute({
      operationId: "listNotifyReceivers",
      summary: "Each notification receiver's queue and recent delivery",
      tags: ["notify"],
      responses: { 200: jsonResponse("The receivers.", NotifyResponse) },
    }),
    async (c) => c.json({ receivers: await notify.status() }),
  );

  app.route("/api/v1", api);
  return app;
}

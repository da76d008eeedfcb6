import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildAutomationView,
  buildDomainReport,
  buildEscalationReport,
  buildKnowledgeResponse,
  buildPatternViews,
  buildStatusView,
  DEFAULT_LIST_LIMIT,
  DeployReport,
  type DomainReport,
  type Drill,
  DrillsQuery,
  EMPTY_HISTORY,
  type EngineEvent,
  type EngineState,
  EscalationReportQuery,
  type EscalationView,
  type EventFrame,
  engineOnlyFacts,
  escalationsOf,
  exportKnowledge,
  HealthReport,
  Heartbeat,
  type Incident,
  type IncidentHistory,
  IncidentsQuery,
  KnowledgeFile,
  KnowledgeListQuery,
  type NotifyReceiverView,
  OperatorNote,
  parseDurationMs,
  type ReadinessAssessment,
  RunDrillRequest,
  recordHistory,
  renderEscalationMarkdown,
  SilenceRequest,
  serviceMode,
  startDrill,
  step,
  summarizeDrills,
  summarizeIncident,
} from "@orbt/core";
import { type WebSocket, WebSocketServer } from "ws";

export type FakeDaemonOptions = {
  readonly state: EngineState;
  /** Resolved incidents as of `state`; their REST reads are served like the daemon's store serves them. */
  readonly history?: IncidentHistory;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Clock for events the fake creates itself (ack, resolve); default `Date.now`. */
  readonly now?: () => number;
  /** Default 0: any free port. */
  readonly port?: number;
  /** What `GET /api/v1/notify` answers; default none. */
  readonly notifyReceivers?: readonly NotifyReceiverView[];
  /** What `GET /api/v1/readiness` answers; without one it answers 404. */
  readonly readiness?: ReadinessAssessment;
  /** The drills `GET /api/v1/drills` lists, newest first; `POST` adds a running one, which never ends here. */
  readonly drills?: readonly Drill[];
  /** False makes stream sockets ignore pings, like a connection that died without a close. */
  readonly isAnsweringPings?: boolean;
};

/** Every HTTP request and stream upgrade the fake received, in order. */
export type RecordedRequest = { readonly method: string; readonly url: string; readonly body: unknown };

/**
 * A shipped test double of `orbtd`'s REST + WS surface on 127.0.0.1, driven by core's `step`:
 * tests publish events, drop sockets mid-stream and inject raw frames.
 */
export type FakeDaemon = {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  readonly healthReports: readonly HealthReport[];
  /** The services whose heartbeats arrived, one entry per beat. */
  readonly heartbeats: readonly string[];
  getState(): EngineState;
  getHistory(): IncidentHistory;
  getSeq(): number;
  /** Pings received from stream clients' heartbeats. */
  getPingCount(): number;
  /** Journals the event, applies it and sends it to every connected stream. */
  publish(event: EngineEvent, at: number): EventFrame;
  /** Sends a frame as is, valid or not, to every connected stream. */
  sendRaw(text: string): void;
  /** Kills every stream socket without a close handshake, like a network drop. */
  dropConnections(): void;
  close(): Promise<void>;
};

/** A JSON body, or Markdown text. */
type Reply = { status: number; body?: unknown; text?: string };

const STREAM_PATH = "/api/v1/stream";

export async function startFakeDaemon(options: FakeDaemonOptions): Promise<FakeDaemon> {
  const now = options.now ?? Date.now;
  const journal: EventFrame[] = [];
  const requests: RecordedRequest[] = [];
  const healthReports: HealthReport[] = [];
  const heartbeats: string[] = [];
  const sockets = new Set<WebSocket>();
  let state = options.state;
  let history = options.history ?? EMPTY_HISTORY;
  // Every incident resolved here, like the daemon's store: the history keeps only the latest.
  const archive = new Map(history.recentResolved.map((incident) => [incident.id, incident]));
  let pingCount = 0;
  /** Built by `POST /api/v1/reports`, newest first. */
  const reports: DomainReport[] = [];
  const drills: Drill[] = [...(options.drills ?? [])];

  function publish(event: EngineEvent, at: number): EventFrame {
    const stepped = step(state, event, at);
    state = stepped.state;
    history = recordHistory(history, stepped.effects);
    for (const effect of stepped.effects) {
      if (effect.type === "ArchiveIncident") archive.set(effect.incident.id, effect.incident);
    }
    const frame: EventFrame = { type: "event", seq: journal.length + 1, at, event };
    journal.push(frame);
    const text = JSON.stringify(frame);
    for (const socket of sockets) socket.send(text);
    return frame;
  }

  function isAuthorized(request: IncomingMessage): boolean {
    return options.token === undefined || request.headers.authorization === `Bearer ${options.token}`;
  }

  function route(method: string, url: URL, body: unknown): Reply {
    const path = url.pathname;
    if (method === "GET" && path === "/api/v1/status") return { status: 200, body: buildStatusView(state) };
    if (method === "GET" && path === "/api/v1/store") {
      // The fake keeps its journal in memory: nothing to checkpoint, nothing replayed.
      const checkpoint = { isEnabled: false, last: null, resumedFromSeq: null, replayedAtStart: 0 };
      return { status: 200, body: { journal: { lastSeq: journal.length }, checkpoint } };
    }
    if (method === "GET" && path === "/api/v1/incidents") {
      const query = IncidentsQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success)
        return apiError(400, "invalid_request", query.error.issues[0]?.message ?? "bad query");
      return listIncidents(query.data);
    }
    if (method === "GET" && path === "/api/v1/escalations") {
      return { status: 200, body: { escalations: escalationViewsOf(state, allIncidents()) } };
    }
    const reportOf = /^\/api\/v1\/escalations\/([^/]+)\/report$/.exec(path);
    if (method === "GET" && reportOf !== null) {
      const id = decodeURIComponent(reportOf[1]!);
      const view = escalationViewsOf(state, allIncidents()).find((each) => each.id === id);
      if (view === undefined) return apiError(404, "not_found", `no escalation ${id}`);
      const format = EscalationReportQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!format.success)
        return apiError(400, "invalid_request", "query format: expected json or md", "format");
      if (format.data.format === "md") return { status: 200, text: renderEscalationMarkdown(view.report) };
      return { status: 200, body: { report: view.report } };
    }
    if (method === "GET" && path === "/api/v1/readiness") {
      if (options.readiness === undefined)
        return apiError(404, "not_found", "the fake was given no readiness");
      return { status: 200, body: options.readiness };
    }
    if (method === "GET" && path === "/api/v1/notify") {
      return { status: 200, body: { receivers: options.notifyReceivers ?? [] } };
    }
    if (method === "GET" && path === "/api/v1/knowledge") {
      const query = KnowledgeListQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success)
        return apiError(400, "invalid_request", query.error.issues[0]?.message ?? "bad query");
      return { status: 200, body: buildKnowledgeResponse(state.knowledge, query.data) };
    }
    if (method === "GET" && path === "/api/v1/patterns") {
      return { status: 200, body: { patterns: buildPatternViews(state.settings.patterns) } };
    }
    if (method === "GET" && path === "/api/v1/knowledge/export") {
      return { status: 200, body: exportKnowledge(state.knowledge) };
    }
    if (method === "POST" && path === "/api/v1/knowledge/import") {
      const file = KnowledgeFile.safeParse(body);
      if (!file.success) return invalidBody(file.error.issues[0]);
      publish({ type: "KnowledgeImported", entries: file.data.entries, by: "admin" }, now());
      const { knowledge } = buildKnowledgeResponse(state.knowledge, {});
      return { status: 200, body: { imported: file.data.entries.length, knowledge } };
    }
    if (method === "POST" && path === "/api/v1/health") {
      const report = HealthReport.safeParse(body);
      if (!report.success) return invalidBody(report.error.issues[0]);
      healthReports.push(report.data);
      return { status: 202, body: { accepted: true } };
    }
    if (method === "POST" && path === "/api/v1/deploys") {
      const report = DeployReport.safeParse(body);
      if (!report.success) return invalidBody(report.error.issues[0]);
      const { service } = report.data;
      publish({ type: "DeployReported", ...report.data }, now());
      const deploy = state.deploys[service] ?? null;
      return { status: 202, body: { service, mode: serviceMode(state, service), deploy } };
    }
    if (method === "POST" && path === "/api/v1/heartbeat") {
      const beat = Heartbeat.safeParse(body);
      if (!beat.success) return invalidBody(beat.error.issues[0]);
      heartbeats.push(beat.data.service);
      return { status: 202, body: { service: beat.data.service } };
    }
    if (method === "GET" && path === "/api/v1/silences") {
      return { status: 200, body: { silences: Object.values(state.silences) } };
    }
    if (method === "POST" && path === "/api/v1/silences") {
      const request = SilenceRequest.safeParse(body);
      if (!request.success) return invalidBody(request.error.issues[0]);
      const { matchers, createdBy, comment, startsAt, endsAt } = request.data;
      const id = `silence-${Object.keys(state.silences).length + 1}`;
      const silence = {
        id,
        matchers,
        createdBy: createdBy ?? "operator",
        comment,
        startsAt: startsAt === undefined ? now() : Date.parse(startsAt),
        endsAt: Date.parse(endsAt),
      };
      publish({ type: "SilenceCreated", silence }, now());
      return { status: 201, body: { silence: state.silences[id] } };
    }
    const silenceMatch = /^\/api\/v1\/silences\/([^/]+)$/.exec(path);
    if (method === "DELETE" && silenceMatch !== null) {
      const id = decodeURIComponent(silenceMatch[1]!);
      const silence = state.silences[id];
      if (silence === undefined) return apiError(404, "not_found", `no silence ${id}`);
      if (silence.state === "expired") return apiError(409, "conflict", `silence ${id} is already expired`);
      publish({ type: "SilenceExpired", silenceId: id, by: "operator" }, now());
      return { status: 200, body: { silence: state.silences[id] } };
    }
    if (method === "GET" && path === "/api/v1/automation") {
      return { status: 200, body: { automation: buildAutomationView(state, now()) } };
    }
    const automationSwitch = /^\/api\/v1\/automation\/(pause|resume)$/.exec(path);
    if (method === "POST" && automationSwitch !== null) {
      const parsed = OperatorNote.safeParse(body ?? {});
      if (!parsed.success) return invalidBody(parsed.error.issues[0]);
      const type = automationSwitch[1] === "pause" ? "AutomationPaused" : "AutomationResumed";
      publish({ type, ...parsed.data, by: parsed.data.by ?? "operator" }, now());
      return { status: 200, body: { automation: buildAutomationView(state, now()) } };
    }
    const reportPath = /^\/api\/v1\/reports(?:\/([^/]+))?$/.exec(path);
    if (reportPath !== null) return routeReports(method, reportPath[1], url, body);
    const drillPath = /^\/api\/v1\/drills(?:\/([^/]+))?$/.exec(path);
    if (drillPath !== null) return routeDrills(method, drillPath[1], url, body);
    const match = /^\/api\/v1\/incidents\/([^/]+)(?:\/(ack|resolve|approve|deny))?$/.exec(path);
    const id = match === null ? undefined : decodeURIComponent(match[1]!);
    const incident = id === undefined ? undefined : (state.incidents[id] ?? archive.get(id));
    if (match !== null && incident === undefined) {
      return apiError(404, "not_found", `no incident ${id}`);
    }
    if (incident !== undefined && method === "GET" && match?.[2] === undefined) {
      return { status: 200, body: { incident } };
    }
    if (incident?.state === "resolved" && method === "POST" && match?.[2] !== undefined) {
      return apiError(409, "conflict", `incident ${incident.id} is already resolved`);
    }
    if (incident !== undefined && method === "POST" && match?.[2] !== undefined) {
      const parsed = OperatorNote.safeParse(body ?? {});
      if (!parsed.success) return invalidBody(parsed.error.issues[0]);
      const operator = { ...parsed.data, incidentId: incident.id, by: parsed.data.by ?? "operator" };
      const verb = match[2];
      if (verb === "approve" || verb === "deny") {
        if (incident.phase.kind !== "awaiting_approval" || incident.state !== "open") {
          return apiError(409, "conflict", `incident ${incident.id} is not awaiting approval`);
        }
        publish({ type: verb === "approve" ? "ActionApproved" : "ActionDenied", ...operator }, now());
        return { status: 200, body: { incident: state.incidents[incident.id] ?? archive.get(incident.id) } };
      }
      const event: EngineEvent =
        verb === "ack"
          ? { type: "IncidentAcknowledged", ...operator }
          : { type: "IncidentResolvedByOperator", ...operator };
      publish(event, now());
      return { status: 202, body: { accepted: true } };
    }
    return apiError(404, "not_found", `no route ${method} ${path}`);
  }

  /** Reports from the fake's state and archive; no checks or spans, so those figures stay empty. */
  function buildReport(id: string, window: string | undefined): DomainReport | undefined {
    const windowMs = parseDurationMs(window ?? "24h");
    if (windowMs === undefined || windowMs <= 0) return undefined;
    const facts = engineOnlyFacts({ id, name: id, state, resolvedIncidents: [...archive.values()] });
    return buildDomainReport(facts, windowMs, now());
  }

  function routeReports(method: string, id: string | undefined, url: URL, body: unknown): Reply {
    const window = (id === undefined ? (body as { window?: string } | undefined) : undefined)?.window;
    if (method === "GET" && id === "current") {
      const report = buildReport(`current-${now()}`, url.searchParams.get("window") ?? undefined);
      return report === undefined
        ? apiError(400, "invalid_request", "bad window", "window")
        : { status: 200, body: { report } };
    }
    if (method === "POST" && id === undefined) {
      const report = buildReport(`rpt-${reports.length + 1}`, window);
      if (report === undefined) return apiError(400, "invalid_request", "bad window", "window");
      reports.unshift(report);
      return { status: 201, body: { report } };
    }
    if (method === "GET" && id === undefined) {
      const summaries = reports.map((report) => ({
        id: report.id,
        name: report.name,
        generated_at: report.generated_at,
        window: report.window,
        status: report.project_status.status,
      }));
      return { status: 200, body: { reports: summaries } };
    }
    const kept = reports.find((report) => report.id === id);
    if (method === "GET" && kept !== undefined) return { status: 200, body: { report: kept } };
    return apiError(404, "not_found", `no report ${id}`);
  }

  function routeDrills(method: string, id: string | undefined, url: URL, body: unknown): Reply {
    if (method === "GET" && id === undefined) {
      const query = DrillsQuery.safeParse(Object.fromEntries(url.searchParams));
      const windowMs = parseDurationMs(query.data?.window ?? "30d");
      if (!query.success || windowMs === undefined) return apiError(400, "invalid_request", "bad query");
      const listed = drills.slice(0, query.data.limit ?? DEFAULT_LIST_LIMIT);
      return {
        status: 200,
        body: { drills: listed, summary: summarizeDrills(drills, now() - windowMs, now()) },
      };
    }
    if (method === "POST" && id === undefined) {
      const parsed = RunDrillRequest.safeParse(body ?? {});
      if (!parsed.success) return invalidBody(parsed.error.issues[0]);
      const { service, fault = "fault" } = parsed.data;
      const at = now();
      const drill = startDrill({
        id: `drill-${drills.length + 1}`,
        service,
        fault,
        by: "operator",
        startedAt: at,
        deadlineAt: at + 300_000,
      });
      drills.unshift(drill);
      return { status: 202, body: { drill } };
    }
    const kept = drills.find((drill) => drill.id === id);
    if (method === "GET" && kept !== undefined) return { status: 200, body: { drill: kept } };
    return apiError(404, "not_found", `no drill ${id}`);
  }

  function allIncidents(): Incident[] {
    return [...Object.values(state.incidents), ...archive.values()];
  }

  function listIncidents(query: IncidentsQuery): Reply {
    const listed = allIncidents()
      .filter((incident) => query.state === undefined || incident.state === query.state)
      .sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const start =
      query.after === undefined ? 0 : listed.findIndex((incident) => incident.id === query.after) + 1;
    if (start === 0 && query.after !== undefined)
      return apiError(400, "invalid_request", `no incident ${query.after}`);
    const page = listed.slice(start, start + (query.limit ?? DEFAULT_LIST_LIMIT));
    return { status: 200, body: { incidents: page.map(summarizeIncident) } };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      send(response, apiError(400, "invalid_json", "body is not JSON"));
      return;
    }
    requests.push({ method: request.method ?? "GET", url: `${url.pathname}${url.search}`, body });
    if (!isAuthorized(request)) {
      send(response, apiError(401, "unauthorized", "missing or wrong bearer token"));
      return;
    }
    send(response, route(request.method ?? "GET", url, body));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, apiError(500, "internal", "fake daemon failed")));
  });
  const wss = new WebSocketServer({ noServer: true, autoPong: options.isAnsweringPings ?? true });
  server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push({ method: "GET", url: `${url.pathname}${url.search}`, body: undefined });
    if (url.pathname !== STREAM_PATH || !isAuthorized(request)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const since = url.searchParams.get("since");
      // A resume point beyond the journal means this is not the journal the client saw (a wiped store).
      if (since === null || Number(since) > journal.length) {
        ws.send(JSON.stringify({ type: "snapshot", seq: journal.length, state, history }));
      } else {
        for (const frame of journal.slice(Number(since))) ws.send(JSON.stringify(frame));
      }
      sockets.add(ws);
      ws.on("ping", () => {
        pingCount += 1;
      });
      ws.on("close", () => sockets.delete(ws));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    healthReports,
    heartbeats,
    getState: () => state,
    getHistory: () => history,
    getSeq: () => journal.length,
    getPingCount: () => pingCount,
    publish,
    sendRaw(text) {
      for (const socket of sockets) socket.send(text);
    },
    dropConnections() {
      for (const socket of sockets) socket.terminate();
      sockets.clear();
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function escalationViewsOf(state: EngineState, incidents: readonly Incident[]): EscalationView[] {
  return incidents.flatMap((incident) =>
    escalationsOf(incident).map((escalation) => {
      const report = buildEscalationReport(state, incident, escalation);
      return {
        id: escalation.escalationId,
        incidentId: incident.id,
        at: escalation.at,
        reason: escalation.reason,
        urgency: report.urgency_level,
        isDelivered: true,
        deliveryError: null,
        report,
      };
    }),
  );
}

function apiError(status: number, code: string, message: string, path?: string): Reply {
  return { status, body: { error: { code, message, ...(path === undefined ? {} : { path }) } } };
}

function invalidBody(issue: { path: readonly PropertyKey[]; message: string } | undefined): Reply {
  return apiError(400, "invalid_body", issue?.message ?? "invalid body", issue?.path.map(String).join("."));
}

function send(response: ServerResponse, reply: Reply): void {
  if (reply.text !== undefined) {
    response.writeHead(reply.status, { "content-type": "text/markdown; charset=utf-8" });
    response.end(reply.text);
    return;
  }
  response.writeHead(reply.status, { "content-type": "application/json" });
  response.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

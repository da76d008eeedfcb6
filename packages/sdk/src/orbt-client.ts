import {
  ApiError,
  AutomationResponse,
  type AutomationView,
  type CurrentReportQuery,
  type DeployReport,
  DeployResponse,
  type DomainReport,
  type DomainReportSummary,
  type Drill,
  DrillResponse,
  type DrillsQuery,
  DrillsResponse,
  type EscalationReport,
  EscalationReportResponse,
  type EscalationsQuery,
  EscalationsResponse,
  type EscalationView,
  err,
  type HealthReport,
  HostsResponse,
  type HostView,
  type Incident,
  IncidentResponse,
  type IncidentSummary,
  type IncidentsQuery,
  IncidentsResponse,
  type KnowledgeEntry,
  KnowledgeFile,
  KnowledgeImportResponse,
  type KnowledgeListQuery,
  KnowledgeResponse,
  type NotifyReceiverView,
  NotifyResponse,
  type OperatorNote,
  ok,
  PatternsResponse,
  type PatternView,
  type RankedKnowledge,
  ReadinessAssessment,
  ReportResponse,
  type ReportsQuery,
  ReportsResponse,
  type Result,
  type RunDrillRequest,
  type Silence,
  type SilenceRequest,
  SilenceResponse,
  SilencesResponse,
  StatusResponse,
  StoreStatusResponse,
} from "@orbt/core";
import { OrbtApiError } from "./orbt-api-error.js";

export type ApiResult<T> = Result<T, OrbtApiError>;

export type OrbtClientOptions = {
  readonly baseUrl: string;
  readonly token?: string;
  readonly fetch?: typeof fetch;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
};

/** Every REST call of the daemon. Methods never throw: failures come back as `OrbtApiError` values. */
export type OrbtClient = {
  getStatus(): Promise<ApiResult<StatusResponse>>;
  /** The journal's last seq, the newest engine checkpoint, and how the daemon's last start rebuilt its state. */
  getStoreStatus(): Promise<ApiResult<StoreStatusResponse>>;
  /** Newest first, one page: at most `limit` (default 100); the next page starts `after` this page's last id. */
  listIncidents(query?: IncidentsQuery): Promise<ApiResult<IncidentSummary[]>>;
  getIncident(id: string): Promise<ApiResult<Incident>>;
  listEscalations(query?: EscalationsQuery): Promise<ApiResult<EscalationView[]>>;
  /** This daemon and every host reporting to it; `listIncidents({ host })` lists a host's incidents. */
  listHosts(): Promise<ApiResult<HostView[]>>;
  /** One escalation's report, as it was sent to people. */
  getEscalationReport(id: string): Promise<ApiResult<EscalationReport>>;
  /** The same report rendered as Markdown, for a ticket or a chat message. */
  getEscalationReportMarkdown(id: string): Promise<ApiResult<string>>;
  /** The knowledge rows, those matching each given field of `query`, by pattern, platform, scale, solution. */
  listKnowledge(query?: KnowledgeListQuery): Promise<ApiResult<KnowledgeEntry[]>>;
  /**
   * A pattern's solutions for a platform and scale (each `any` when not given), best first: the score (the
   * 95% Wilson lower bound of the success rate) and the basis (`exact`, `platform`, `pattern`) of each.
   */
  rankKnowledge(
    query: KnowledgeListQuery & { readonly pattern: string },
  ): Promise<ApiResult<RankedKnowledge[]>>;
  /** Every row but the catalog's untried ones, with the file format's version. */
  exportKnowledge(): Promise<ApiResult<KnowledgeFile>>;
  /** Merges an export in (counts add up, provenance is kept); needs role admin. Resolves with the rows after. */
  importKnowledge(file: KnowledgeFile): Promise<ApiResult<KnowledgeImportResponse>>;
  /** The catalog: the seed's patterns, then the config's own, each with its `source`. */
  listPatterns(): Promise<ApiResult<PatternView[]>>;
  /** The notification receivers with their queues and last errors, in config order. */
  listNotifyReceivers(): Promise<ApiResult<NotifyReceiverView[]>>;
  /** `by` names the operator (default: the token's name); `note`, up to 4096 characters, goes on the timeline. */
  acknowledgeIncident(id: string, body?: OperatorNote): Promise<ApiResult<void>>;
  /** As `acknowledgeIncident`; a note here is the place to say what fixed it. */
  resolveIncident(id: string, body?: OperatorNote): Promise<ApiResult<void>>;
  /**
   * Lets the remedy the incident awaits approval for run (through the rails, re-checking the symptom
   * first); needs role operator. Fails with `conflict` (409) when the incident awaits no approval.
   * Resolves with the incident after the answer.
   */
  approveIncident(id: string, body?: OperatorNote): Promise<ApiResult<Incident>>;
  /** As `approveIncident`, refusing the remedy: its strike fails and the ladder goes on. */
  denyIncident(id: string, body?: OperatorNote): Promise<ApiResult<Incident>>;
  /** Pending and active silences, then the latest expired ones, each with what it suppressed. */
  listSilences(): Promise<ApiResult<Silence[]>>;
  /**
   * Silences the symptoms the matchers match until `endsAt` (ISO 8601); needs role operator. A bad
   * matcher or regex fails with `invalid_request` and the field's path.
   */
  createSilence(request: SilenceRequest): Promise<ApiResult<Silence>>;
  /** Ends a silence now; it stays listed, expired. `conflict` when it already is, `not_found` when unknown. */
  expireSilence(id: string): Promise<ApiResult<Silence>>;
  /** `kind: "config_error"` on a failing report: the service cannot run with its configuration. */
  reportHealth(report: HealthReport): Promise<ApiResult<void>>;
  /**
   * A deploy of a service `started`, `succeeded` or `failed`; needs role reporter. Resolves with the
   * service's ORBT mode (`Build` while a deploy runs) and its deploy, with the rollback target.
   */
  reportDeploy(report: DeployReport): Promise<ApiResult<DeployResponse>>;
  /** One heartbeat of a service with `heartbeat:` in the daemon's config (see `startHeartbeat`). */
  sendHeartbeat(service: string): Promise<ApiResult<void>>;
  /** The kept domain reports, newest first. */
  listReports(query?: ReportsQuery): Promise<ApiResult<DomainReportSummary[]>>;
  getReport(id: string): Promise<ApiResult<DomainReport>>;
  /** A report over the window (default 24h) built now, neither kept nor sent: what the Overview shows. */
  getCurrentReport(query?: CurrentReportQuery): Promise<ApiResult<DomainReport>>;
  /** Builds a report over the window (default 24h) and keeps it in the history; needs role operator. */
  buildReport(body?: { readonly window?: string }): Promise<ApiResult<DomainReport>>;
  /** The rails now: mode, the kill switch, the budget used and left, actions running and waiting, cooldowns. */
  getAutomation(): Promise<ApiResult<AutomationView>>;
  /**
   * The kill switch: no new action starts until `resumeAutomation` (running ones finish); needs role
   * operator. `by` and `note` as for incidents. Resolves with the rails as they stand after.
   */
  pauseAutomation(body?: OperatorNote): Promise<ApiResult<AutomationView>>;
  /** As `pauseAutomation`: incidents held by the pause act again. */
  resumeAutomation(body?: OperatorNote): Promise<ApiResult<AutomationView>>;
  /** The production readiness assessment: six areas scored 0-100 from facts, each finding not met with its fix. */
  getReadiness(): Promise<ApiResult<ReadinessAssessment>>;
  /** Quality-control drills, newest first, and their summary (monitoring effectiveness) over the window (default 30d). */
  listDrills(query?: DrillsQuery): Promise<ApiResult<DrillsResponse>>;
  /** One drill: `running`, or how it ended, with its times to detect and repair. */
  getDrill(id: string): Promise<ApiResult<Drill>>;
  /**
   * Injects one of the service's faults and lets the daemon's ladder meet it; needs role operator. Resolves
   * with the drill as it started (`running`): poll `getDrill` until it ends.
   */
  runDrill(request: RunDrillRequest): Promise<ApiResult<Drill>>;
};

/** The part of a zod schema the client needs, so the SDK depends on core's schemas, not on zod. */
type Schema<T> = {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
};

const DEFAULT_TIMEOUT_MS = 10_000;

type Method = "GET" | "POST" | "DELETE";

export function createOrbtClient(options: OrbtClientOptions): OrbtClient {
  const apiUrl = `${options.baseUrl.replace(/\/+$/, "")}/api/v1`;
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function send(method: Method, path: string, body?: unknown): Promise<ApiResult<Response>> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetchFn(`${apiUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const message = `${method} ${path}: ${describe(cause)}`;
      return err(new OrbtApiError({ code: "network_error", message, status: null }));
    }
    if (response.ok) return ok(response);
    return err(await readApiError(response, `${method} ${path}`));
  }

  async function readJson<T>(
    method: Method,
    path: string,
    schema: Schema<T>,
    body?: unknown,
  ): Promise<ApiResult<T>> {
    const sent = await send(method, path, body);
    if (!sent.ok) return sent;
    const response = sent.value;
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      return err(
        invalidResponse(`${method} ${path}: body is not JSON (${describe(cause)})`, response.status),
      );
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return ok(parsed.data);
    const issue = parsed.error.issues[0];
    return err(
      new OrbtApiError({
        code: "invalid_response",
        message: `${method} ${path}: ${issue?.message ?? "unexpected body"}`,
        path: issue?.path.map(String).join("."),
        status: response.status,
      }),
    );
  }

  const getJson = <T>(path: string, schema: Schema<T>) => readJson("GET", path, schema);

  async function post(path: string, body: unknown): Promise<ApiResult<void>> {
    const sent = await send("POST", path, body);
    if (!sent.ok) return sent;
    // Drain the body so the connection can be reused; its content is not part of the contract.
    await sent.value.arrayBuffer().catch(() => undefined);
    return ok(undefined);
  }

  async function getField<T, V>(
    path: string,
    schema: Schema<T>,
    pick: (body: T) => V,
  ): Promise<ApiResult<V>> {
    const result = await getJson(path, schema);
    return result.ok ? ok(pick(result.value)) : result;
  }

  async function readAutomation(method: "GET" | "POST", path: string, body?: unknown) {
    const result = await readJson(method, path, AutomationResponse, body);
    return result.ok ? ok(result.value.automation) : result;
  }

  const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;
  const reportPath = (id: string) => `/escalations/${encodeURIComponent(id)}/report`;

  async function getText(path: string): Promise<ApiResult<string>> {
    const sent = await send("GET", path);
    if (!sent.ok) return sent;
    try {
      return ok(await sent.value.text());
    } catch (cause) {
      return err(invalidResponse(`GET ${path}: body not read (${describe(cause)})`, sent.value.status));
    }
  }

  async function readSilence(method: Method, path: string, body?: SilenceRequest) {
    const result = await readJson(method, path, SilenceResponse, body);
    return result.ok ? ok(result.value.silence) : result;
  }

  async function answerApproval(id: string, verb: "approve" | "deny", body: OperatorNote) {
    const result = await readJson("POST", `${incidentPath(id)}/${verb}`, IncidentResponse, body);
    return result.ok ? ok(result.value.incident) : result;
  }

  return {
    getStatus: () => getJson("/status", StatusResponse),
    getStoreStatus: () => getJson("/store", StoreStatusResponse),
    listIncidents: (query = {}) =>
      getField(withQuery("/incidents", query), IncidentsResponse, (body) => body.incidents),
    getIncident: (id) => getField(incidentPath(id), IncidentResponse, (body) => body.incident),
    listEscalations: (query = {}) =>
      getField(withQuery("/escalations", query), EscalationsResponse, (body) => body.escalations),
    listHosts: () => getField("/hosts", HostsResponse, (body) => body.hosts),
    getEscalationReport: (id) => getField(reportPath(id), EscalationReportResponse, (body) => body.report),
    getEscalationReportMarkdown: (id) => getText(`${reportPath(id)}?format=md`),
    listKnowledge: (query = {}) =>
      getField(withQuery("/knowledge", query), KnowledgeResponse, (body) => body.knowledge),
    rankKnowledge: (query) =>
      getField(withQuery("/knowledge", query), KnowledgeResponse, (body) => body.ranking ?? []),
    exportKnowledge: () => getJson("/knowledge/export", KnowledgeFile),
    importKnowledge: (file) => readJson("POST", "/knowledge/import", KnowledgeImportResponse, file),
    listPatterns: () => getField("/patterns", PatternsResponse, (body) => body.patterns),
    listNotifyReceivers: () => getField("/notify", NotifyResponse, (body) => body.receivers),
    acknowledgeIncident: (id, body = {}) => post(`${incidentPath(id)}/ack`, body),
    resolveIncident: (id, body = {}) => post(`${incidentPath(id)}/resolve`, body),
    approveIncident: (id, body = {}) => answerApproval(id, "approve", body),
    denyIncident: (id, body = {}) => answerApproval(id, "deny", body),
    listSilences: () => getField("/silences", SilencesResponse, (body) => body.silences),
    createSilence: (request) => readSilence("POST", "/silences", request),
    expireSilence: (id) => readSilence("DELETE", `/silences/${encodeURIComponent(id)}`),
    reportHealth: (report) => post("/health", report),
    reportDeploy: (report) => readJson("POST", "/deploys", DeployResponse, report),
    sendHeartbeat: (service) => post("/heartbeat", { service }),
    listReports: (query = {}) =>
      getField(withQuery("/reports", query), ReportsResponse, (body) => body.reports),
    getReport: (id) => getField(`/reports/${encodeURIComponent(id)}`, ReportResponse, (body) => body.report),
    getCurrentReport: (query = {}) =>
      getField(withQuery("/reports/current", query), ReportResponse, (body) => body.report),
    buildReport: async (body = {}) => {
      const result = await readJson("POST", "/reports", ReportResponse, body);
      return result.ok ? ok(result.value.report) : result;
    },
    getAutomation: () => readAutomation("GET", "/automation"),
    pauseAutomation: (body = {}) => readAutomation("POST", "/automation/pause", body),
    resumeAutomation: (body = {}) => readAutomation("POST", "/automation/resume", body),
    getReadiness: () => getJson("/readiness", ReadinessAssessment),
    listDrills: (query = {}) => getJson(withQuery("/drills", query), DrillsResponse),
    getDrill: (id) => getField(`/drills/${encodeURIComponent(id)}`, DrillResponse, (body) => body.drill),
    runDrill: async (request) => {
      const result = await readJson("POST", "/drills", DrillResponse, request);
      return result.ok ? ok(result.value.drill) : result;
    },
  };
}

/** The path with the query's set fields as parameters, in the order given. */
function withQuery(path: string, query: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}

async function readApiError(response: Response, what: string): Promise<OrbtApiError> {
  const text = await response.text().catch(() => "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = ApiError.safeParse(json);
  if (parsed.success) {
    const { code, message, path } = parsed.data.error;
    return new OrbtApiError({
      code,
      message,
      status: response.status,
      ...(path === undefined ? {} : { path }),
    });
  }
  return new OrbtApiError({
    code: "http_error",
    message: `${what}: HTTP ${response.status} ${response.statusText}`.trim(),
    status: response.status,
  });
}

function invalidResponse(message: string, status: number): OrbtApiError {
  return new OrbtApiError({ code: "invalid_response", message, status });
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
    return `${cause.message}${inner}`;
  }
  return String(cause);
}

import { z } from "zod";
import { DomainReport, DomainReportSummary } from "./domain-report.js";
import {
  AutomationState,
  Incident,
  IncidentState,
  KnowledgeEntry,
  RankedKnowledge,
  ServiceDeploy,
} from "./engine-state.js";
import { PatternView } from "./error-pattern.js";
import { EscalationReport } from "./escalation-report.js";
import { HostName } from "./fleet.js";
import {
  AutomationMode,
  DeployStatus,
  DeployVersion,
  HealthKind,
  IncidentId,
  KnowledgePlatform,
  KnowledgeScale,
  OperatorName,
  OperatorNoteText,
  Platform,
  ServiceMode,
  ServiceName,
  ServiceScale,
  ServiceStatus,
} from "./names.js";
import { Silence, SilenceMatcher } from "./silence.js";

/** `kind: config_error` on a failing report: the service cannot run with its configuration. */
export const HealthReport = z.object({
  service: ServiceName,
  status: z.enum(["ok", "degraded", "failing"]),
  detail: z.string().max(2000).optional(),
  kind: HealthKind.optional(),
});
export type HealthReport = z.infer<typeof HealthReport>;

/** What `POST /api/v1/health` answers (202): the reporting service's status once the report is in. */
export const HealthResponse = z.object({ service: ServiceName, status: ServiceStatus });
export type HealthResponse = z.infer<typeof HealthResponse>;

/** `POST /api/v1/deploys`: a deploy of a service started, succeeded or failed. */
export const DeployReport = z
  .object({
    service: ServiceName,
    version: DeployVersion,
    status: DeployStatus,
    detail: z.string().max(2000).optional(),
  })
  .strict();
export type DeployReport = z.infer<typeof DeployReport>;

/** What `POST /api/v1/deploys` answers: the service's ORBT mode and deploy once the report is in. */
export const DeployResponse = z.object({
  service: ServiceName,
  mode: ServiceMode,
  deploy: ServiceDeploy.nullable(),
});
export type DeployResponse = z.infer<typeof DeployResponse>;

/** `POST /api/v1/heartbeat`: the service is alive. */
export const Heartbeat = z.object({ service: ServiceName }).strict();
export type Heartbeat = z.infer<typeof Heartbeat>;

/** What `POST /api/v1/heartbeat` answers (202): the beat is in. */
export const HeartbeatResponse = z.object({ service: ServiceName });
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

/** What `POST /api/v1/alerts/alertmanager` answers: the webhook's alerts, and what became of them. */
export const AlertmanagerWebhookResponse = z.object({
  alerts: z.number().int().nonnegative(),
  raised: z.number().int().nonnegative(),
  cleared: z.number().int().nonnegative(),
  /** Alerts no symptom mapping or pattern took. */
  unmapped: z.number().int().nonnegative(),
});
export type AlertmanagerWebhookResponse = z.infer<typeof AlertmanagerWebhookResponse>;

/** The body of an ack or resolve: who (default: the caller's token name) and, optionally, a note. */
export const OperatorNote = z
  .object({ by: OperatorName.optional(), note: OperatorNoteText.optional() })
  .strict();
export type OperatorNote = z.infer<typeof OperatorNote>;

export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;

export const IncidentSummary = Incident.omit({ timeline: true, actions: true });
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const ServiceView = z.object({
  name: ServiceName,
  platform: Platform,
  isDiscovered: z.boolean(),
  status: ServiceStatus,
  mode: ServiceMode,
  /** Set in config or measured from its request rate; null while unknown (its outcomes count at scale `any`). */
  scale: ServiceScale.nullable(),
  /** The end of the maintenance window it is in; null when in none. */
  maintenanceUntil: z.number().nullable(),
  /** Its latest deploy and rollback target; null before any deploy was reported. */
  deploy: ServiceDeploy.nullable(),
  openIncident: IncidentSummary.nullable(),
});
export type ServiceView = z.infer<typeof ServiceView>;

/** The kill switch and the mode, as the status shows them. */
export const AutomationSummary = AutomationState.extend({ mode: AutomationMode });
export type AutomationSummary = z.infer<typeof AutomationSummary>;

/** An HA pair's node as it answers: what it is, and who leads under which epoch (the fencing token). */
export const HaStatus = z.object({
  nodeId: z.string(),
  role: z.enum(["leader", "follower"]),
  /** The latest leader's epoch; 0 before any. */
  epoch: z.number().int().nonnegative(),
  /** The latest leader's node id; null before any. */
  leader: z.string().nullable(),
  leaderSince: z.number().nullable(),
});
export type HaStatus = z.infer<typeof HaStatus>;

/** A host daemon's reporting to its central daemon, as the status shows it. */
export const UpstreamStatus = z.object({
  transport: z.enum(["http", "nats"]),
  /** Messages the central daemon (or the stream) does not hold yet. */
  outboxDepth: z.number().int(),
  /** Failed attempts since the last one that went through. */
  failures: z.number().int(),
  /** The last failed attempt's error; null once one goes through. */
  lastError: z.string().nullable(),
});
export type UpstreamStatus = z.infer<typeof UpstreamStatus>;

export const StatusResponse = z.object({
  project: z.string(),
  environment: z.string(),
  automation: AutomationSummary,
  services: z.array(ServiceView),
  /** null for a daemon that is not one of an HA pair. */
  ha: HaStatus.nullable(),
  /** Only on a host daemon with `upstream:`. */
  upstream: UpstreamStatus.optional(),
});
export type StatusResponse = z.infer<typeof StatusResponse>;

/** What a list endpoint returns without `limit`, and the most it returns with one. */
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

const ListLimit = z.coerce.number().int().min(1).max(MAX_LIST_LIMIT);

/**
 * `after`: the last incident of the previous page; the listing goes on from there, newest first.
 * `host`: a host reporting to this daemon, whose forwarded incidents are listed instead of its own.
 */
export const IncidentsQuery = z.object({
  state: IncidentState.optional(),
  limit: ListLimit.optional(),
  after: IncidentId.optional(),
  /** One host's incidents, or `*`: every host's and this daemon's, newest first, each with its `host`. */
  host: z.union([HostName, z.literal("*")]).optional(),
});
export type IncidentsQuery = z.infer<typeof IncidentsQuery>;

export const ReportsQuery = z.object({ limit: ListLimit.optional() });
export type ReportsQuery = z.infer<typeof ReportsQuery>;

/** `GET /api/v1/drills`: the newest drills, and their summary over the window (a duration like `30d`). */
export const DrillsQuery = z.object({ limit: ListLimit.optional(), window: z.string().min(1).optional() });
export type DrillsQuery = z.infer<typeof DrillsQuery>;

/** `GET /reports/current`: the window the report looks back over, a duration like `24h`. */
export const CurrentReportQuery = z.object({ window: z.string().min(1).optional() });
export type CurrentReportQuery = z.infer<typeof CurrentReportQuery>;

/** `format=md`: the report as Markdown text instead of JSON. */
export const ReportQuery = z.object({ format: z.enum(["json", "md"]).optional() });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportsResponse = z.object({ reports: z.array(DomainReportSummary) });
export type ReportsResponse = z.infer<typeof ReportsResponse>;

export const ReportResponse = z.object({ report: DomainReport });
export type ReportResponse = z.infer<typeof ReportResponse>;

export const IncidentsResponse = z.object({
  /** `host` is set with `?host=*`. */
  incidents: z.array(IncidentSummary.extend({ host: HostName.optional() })),
});
export type IncidentsResponse = z.infer<typeof IncidentsResponse>;

export const IncidentResponse = z.object({ incident: Incident });
export type IncidentResponse = z.infer<typeof IncidentResponse>;

export const EscalationView = z.object({
  id: z.string(),
  incidentId: z.string(),
  at: z.number(),
  reason: z.string(),
  urgency: z.string(),
  isDelivered: z.boolean(),
  deliveryError: z.string().nullable(),
  report: EscalationReport,
});
export type EscalationView = z.infer<typeof EscalationView>;

export const EscalationsQuery = z.object({ limit: ListLimit.optional(), host: HostName.optional() });
export type EscalationsQuery = z.infer<typeof EscalationsQuery>;

export const EscalationsResponse = z.object({ escalations: z.array(EscalationView) });
export type EscalationsResponse = z.infer<typeof EscalationsResponse>;

/** `GET /escalations/:id/report`: JSON (the default) or Markdown for people. */
export const EscalationReportFormat = z.enum(["json", "md"]);
export type EscalationReportFormat = z.infer<typeof EscalationReportFormat>;

export const EscalationReportQuery = z.object({ format: EscalationReportFormat.optional() });
export type EscalationReportQuery = z.infer<typeof EscalationReportQuery>;

export const EscalationReportResponse = z.object({ report: EscalationReport });
export type EscalationReportResponse = z.infer<typeof EscalationReportResponse>;

/** `GET /api/v1/knowledge`: each given field filters the rows; `pattern` also asks for its ranking. */
export const KnowledgeListQuery = z
  .object({
    pattern: z.string().min(1).optional(),
    platform: KnowledgePlatform.optional(),
    scale: KnowledgeScale.optional(),
  })
  .strict();
export type KnowledgeListQuery = z.infer<typeof KnowledgeListQuery>;

/**
 * The rows, and with a `pattern` its solutions ranked for the platform and scale asked (each `any` when
 * not given), best first; null without one.
 */
export const KnowledgeResponse = z.object({
  knowledge: z.array(KnowledgeEntry),
  ranking: z.array(RankedKnowledge).nullable(),
});
export type KnowledgeResponse = z.infer<typeof KnowledgeResponse>;

export const KNOWLEDGE_FILE_VERSION = 1;

/** What `orbtd knowledge export` writes and `import` reads (as YAML), and `POST /api/v1/knowledge/import` takes. */
export const KnowledgeFile = z.strictObject({
  version: z.literal(KNOWLEDGE_FILE_VERSION, {
    error: (issue) =>
      `expected ${KNOWLEDGE_FILE_VERSION}, the knowledge file version this Orbt reads, got ${JSON.stringify(issue.input)}`,
  }),
  entries: z.array(KnowledgeEntry),
});
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;

/** The rows once the import was merged in. */
export const KnowledgeImportResponse = z.object({
  imported: z.number().int().nonnegative(),
  knowledge: z.array(KnowledgeEntry),
});
export type KnowledgeImportResponse = z.infer<typeof KnowledgeImportResponse>;

/** `GET /api/v1/patterns`: the catalog the engine looks incidents' patterns up in, the seed's first. */
export const PatternsResponse = z.object({ patterns: z.array(PatternView) });
export type PatternsResponse = z.infer<typeof PatternsResponse>;

/** A notification receiver: its queue, and how its last attempts went. */
export const NotifyReceiverView = z.object({
  name: z.string(),
  /** The receiver's config key: webhook, slack, pagerduty, email. */
  kind: z.string(),
  /** Notifications waiting to be delivered, in order. */
  queueDepth: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
  /** Given up: refused for good, or still failing after every retry. */
  failed: z.number().int().nonnegative(),
  lastDeliveredAt: z.number().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  /** Its latest attempt failed. */
  isFailing: z.boolean(),
});
export type NotifyReceiverView = z.infer<typeof NotifyReceiverView>;

/** `GET /api/v1/notify`: every configured receiver, in config order. */
export const NotifyResponse = z.object({ receivers: z.array(NotifyReceiverView) });
export type NotifyResponse = z.infer<typeof NotifyResponse>;

const count = z.number().int().nonnegative();
const positiveCount = z.number().int().positive();

/** A remedy that may not run on a service again before `until`. */
export const CooldownView = z.object({
  remedyIndex: count,
  solution: z.string(),
  service: ServiceName,
  lastRunAt: z.number(),
  until: z.number(),
});
export type CooldownView = z.infer<typeof CooldownView>;

/**
 * `POST /api/v1/silences`: what to silence and until when. `createdBy` defaults to the caller's token
 * name, `startsAt` to now; times are ISO 8601.
 */
export const SilenceRequest = z
  .object({
    matchers: z.array(SilenceMatcher).min(1).max(32),
    createdBy: OperatorName.optional(),
    comment: OperatorNoteText.min(1),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type SilenceRequest = z.infer<typeof SilenceRequest>;

/** `GET /api/v1/silences`: pending and active silences, then the latest expired ones, newest first. */
export const SilencesResponse = z.object({ silences: z.array(Silence) });
export type SilencesResponse = z.infer<typeof SilencesResponse>;

/** What creating or expiring a silence answers: the silence as it stands after. */
export const SilenceResponse = z.object({ silence: Silence });
export type SilenceResponse = z.infer<typeof SilenceResponse>;

/** `GET /api/v1/automation`: the rails' settings and where they stand now. */
export const AutomationView = AutomationSummary.extend({
  cooldownMs: count,
  maxRuns: z.object({ count: positiveCount, windowMs: positiveCount }),
  budget: z.object({ actions: positiveCount, windowMs: positiveCount, used: count, left: count }),
  concurrency: z.object({
    perService: positiveCount,
    total: positiveCount,
    running: count,
    queued: count,
    held: count,
  }),
  cooldowns: z.array(CooldownView),
  /** Services in a maintenance window now: their actions are held and escalations not sent. */
  maintenance: z.array(z.object({ service: ServiceName, startedAt: z.number(), endsAt: z.number() })),
  /** The flapping rail, and each service flapping now with its changes within the window. */
  flapping: z.object({
    changes: positiveCount,
    windowMs: positiveCount,
    services: z.array(z.object({ service: ServiceName, since: z.number(), changes: count })),
  }),
});
export type AutomationView = z.infer<typeof AutomationView>;

/** What `GET /api/v1/automation`, and pause and resume, answer. */
export const AutomationResponse = z.object({ automation: AutomationView });
export type AutomationResponse = z.infer<typeof AutomationResponse>;

import { z } from "zod";
import { DrillSummary } from "./drill.js";
import { RemedyTool, ServiceMode, ServiceStatus } from "./names.js";

const count = z.number().int().nonnegative();
const percent = z.number().min(0).max(100);
const ms = z.number().nonnegative();

export const ReportWindow = z.object({
  from: z.string(),
  to: z.string(),
  duration_ms: z.number().int().positive(),
});
export type ReportWindow = z.infer<typeof ReportWindow>;

export const ServiceUptime = z.object({
  service: z.string(),
  /** 100 × (1 − downtime ÷ window): downtime is the time a live incident of the service overlapped the window. */
  uptime_percent: percent,
  downtime_ms: ms,
  incidents: count,
  checks_run: count,
  checks_passed: count,
  check_success_percent: percent.nullable(),
  sla_uptime_percent: percent.nullable(),
  /** Null without an uptime SLA. */
  meets_sla: z.boolean().nullable(),
});
export type ServiceUptime = z.infer<typeof ServiceUptime>;

export const ServicePerformance = z.object({
  service: z.string(),
  check_latency_p50_ms: ms.nullable(),
  check_latency_p99_ms: ms.nullable(),
  span_p99_ms: ms.nullable(),
  sla_latency_p99_ms: ms.nullable(),
  /** The worst p99 seen (span, else check) within the SLA; null without a latency SLA or a measurement. */
  meets_sla: z.boolean().nullable(),
});
export type ServicePerformance = z.infer<typeof ServicePerformance>;

export const ServiceCost = z.object({
  service: z.string(),
  cost_per_hour_down: z.number().nonnegative().nullable(),
  downtime_ms: ms,
  downtime_cost: z.number().nonnegative().nullable(),
});
export type ServiceCost = z.infer<typeof ServiceCost>;

export const CertificateExpiry = z.object({
  service: z.string(),
  expires_at: z.string(),
  days_left: z.number().int(),
});
export type CertificateExpiry = z.infer<typeof CertificateExpiry>;

export const DashboardFigures = z.object({
  /** Remedied at strike 1 within the window. */
  auto_resolved: count,
  /** Remedied at strike 2, the alternative fix. */
  alternative_fixes: count,
  /** Escalated to a person within the window. */
  human_escalations: count,
  /** Operator lessons written on knowledge rows within the window. */
  documented_fixes: count,
  /** Remedied ÷ (remedied + escalated); null when nothing reached either end. */
  success_rate: z.number().min(0).max(1).nullable(),
  mean_time_to_resolve_ms: ms.nullable(),
  /** Escalated incidents waiting on a person now. */
  pending_escalations: count,
  uptime_percent: percent,
});
export type DashboardFigures = z.infer<typeof DashboardFigures>;

/** The platform domain report: the owner's view of the platform over a window, every figure from data. */
export const DomainReport = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.literal("platform"),
  project: z.string(),
  environment: z.string(),
  generated_at: z.string(),
  window: ReportWindow,
  project_status: z.object({
    status: ServiceStatus,
    services: count,
    live_incidents: count,
    escalated_incidents: count,
    summary: z.string(),
  }),
  uptime_metrics: z.object({ overall_percent: percent, services: z.array(ServiceUptime) }),
  performance_metrics: z.object({ services: z.array(ServicePerformance) }),
  cost_tracking: z.object({
    /** Null when no service has a cost_per_hour_down. */
    downtime_cost: z.number().nonnegative().nullable(),
    actions_run: count,
    services: z.array(ServiceCost),
  }),
  security_status: z.object({
    bind_address: z.string(),
    is_loopback_only: z.boolean(),
    tokens: z.array(z.object({ name: z.string(), role: z.string() })),
    roles_set: z.array(z.string()),
    certificates: z.array(CertificateExpiry),
  }),
  infrastructure_health_metrics: z.object({ GREEN: count, YELLOW: count, RED: count }),
  orbt_status: z.object({
    Operate: count,
    Repair: count,
    Build: count,
    services: z.array(z.object({ service: z.string(), mode: ServiceMode, status: ServiceStatus })),
  }),
  blocking_issues: z.array(
    z.object({
      incident_id: z.string(),
      service: z.string(),
      symptom: z.string(),
      reason: z.string(),
      escalated_at: z.string(),
      age_ms: ms,
    }),
  ),
  deliverables_completed: z.array(
    z.object({
      incident_id: z.string(),
      service: z.string(),
      symptom: z.string(),
      resolution: z.string(),
      resolved_at: z.string(),
    }),
  ),
  /** The production readiness score (0-100) when the report was built; null when none could be made. */
  handoff_readiness: z.number().int().min(0).max(100).nullable(),
  handoff_readiness_note: z.string(),
  institutional_knowledge_captured: z.object({
    rows_learned: count,
    lessons_added: count,
    lessons: z.array(
      z.object({ pattern: z.string(), solution: z.string(), by: z.string(), note: z.string() }),
    ),
  }),
  specialist_assignments: z.array(
    z.object({
      executor: RemedyTool,
      actions: count,
      succeeded: count,
      services: z.array(z.string()),
    }),
  ),
  dashboard: DashboardFigures,
  /** The quality-control drills started in the window; null in reports kept from before drills were reported. */
  quality_control: DrillSummary.nullable().default(null),
});
export type DomainReport = z.infer<typeof DomainReport>;

/** A report as notification receivers are given it: webhooks get this JSON, chat and e-mail the Markdown. */
export const ReportNotification = z.object({
  kind: z.literal("report"),
  project: z.string(),
  environment: z.string(),
  at: z.number(),
  /** One line, plain text: what chat messages and e-mail subjects show. */
  summary: z.string(),
  report: DomainReport,
  markdown: z.string(),
});
export type ReportNotification = z.infer<typeof ReportNotification>;

/** A kept report, newest first in the history. */
export const DomainReportSummary = z.object({
  id: z.string(),
  name: z.string(),
  generated_at: z.string(),
  window: ReportWindow,
  status: ServiceStatus,
});
export type DomainReportSummary = z.infer<typeof DomainReportSummary>;

export const BuildReportRequest = z.strictObject({
  /** A duration like `24h`; the daemon's default when absent. */
  window: z.string().min(1).optional(),
});
export type BuildReportRequest = z.infer<typeof BuildReportRequest>;

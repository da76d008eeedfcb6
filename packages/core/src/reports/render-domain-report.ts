import { formatDurationMs } from "../duration/format-duration-ms.js";
import type { DomainReport } from "../protocol/domain-report.js";

function orDash(value: number | string | boolean | null): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

function table(
  header: readonly string[],
  rows: readonly (readonly (number | string | boolean | null)[])[],
): string[] {
  if (rows.length === 0) return ["_none_"];
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(orDash).join(" | ")} |`),
  ];
}

function percentOf(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`;
}

function durationOf(ms: number | null): string {
  return ms === null ? "—" : formatDurationMs(ms);
}

function describeQualityControl(drills: DomainReport["quality_control"]): string {
  if (drills === null) return "Drills were not reported when this report was built.";
  if (drills.drills_run === 0) return "No drill ran in the window: run one with `orbtd drill SERVICE`.";
  return [
    `Drills run: ${drills.drills_run}; faults injected: ${drills.faults_injected}, detected: ${drills.faults_detected}, repaired: ${drills.faults_repaired}`,
    `Monitoring effectiveness: ${percentOf(drills.monitoring_effectiveness)}; mean time to detect ${durationOf(drills.mean_time_to_detect_ms)}, to repair ${durationOf(drills.mean_time_to_repair_ms)}; held by a rail: ${drills.held_by_rails}`,
  ].join("\n");
}

/** The report as Markdown, for chat and e-mail receivers and `?format=md`. */
export function renderDomainReportMarkdown(report: DomainReport): string {
  const d = report.dashboard;
  const lines = [
    `# Platform report: ${report.project} (${report.environment})`,
    "",
    `${report.name} · ${report.window.from} → ${report.window.to} · status **${report.project_status.status}**`,
    "",
    report.project_status.summary,
    "",
    "## Dashboard",
    ...table(
      [
        "auto-resolved",
        "alternative fixes",
        "human escalations",
        "documented fixes",
        "success rate",
        "MTTR",
        "pending escalations",
        "uptime",
      ],
      [
        [
          d.auto_resolved,
          d.alternative_fixes,
          d.human_escalations,
          d.documented_fixes,
          percentOf(d.success_rate),
          d.mean_time_to_resolve_ms === null ? null : formatDurationMs(d.mean_time_to_resolve_ms),
          d.pending_escalations,
          `${d.uptime_percent}%`,
        ],
      ],
    ),
    "",
    "## Uptime",
    ...table(
      ["service", "uptime %", "downtime", "incidents", "checks passed", "SLA %", "meets SLA"],
      report.uptime_metrics.services.map((s) => [
        s.service,
        s.uptime_percent,
        formatDurationMs(s.downtime_ms),
        s.incidents,
        `${s.checks_passed}/${s.checks_run}`,
        s.sla_uptime_percent,
        s.meets_sla,
      ]),
    ),
    "",
    "## Performance",
    ...table(
      ["service", "check p50 ms", "check p99 ms", "span p99 ms", "SLA p99 ms", "meets SLA"],
      report.performance_metrics.services.map((s) => [
        s.service,
        s.check_latency_p50_ms,
        s.check_latency_p99_ms,
        s.span_p99_ms,
        s.sla_latency_p99_ms,
        s.meets_sla,
      ]),
    ),
    "",
    "## Cost",
    `Actions run: ${report.cost_tracking.actions_run}; downtime cost: ${orDash(report.cost_tracking.downtime_cost)}`,
    "",
    "## Security",
    `Bind address ${report.security_status.bind_address} (${report.security_status.is_loopback_only ? "loopback only" : "reachable from the network"}); token roles: ${report.security_status.roles_set.join(", ") || "none (no tokens)"}`,
    ...table(
      ["service", "certificate expires", "days left"],
      report.security_status.certificates.map((c) => [c.service, c.expires_at, c.days_left]),
    ),
    "",
    "## Health and ORBT modes",
    `GREEN ${report.infrastructure_health_metrics.GREEN} · YELLOW ${report.infrastructure_health_metrics.YELLOW} · RED ${report.infrastructure_health_metrics.RED}; Operate ${report.orbt_status.Operate} · Repair ${report.orbt_status.Repair} · Build ${report.orbt_status.Build}`,
    "",
    "## Blocking issues",
    ...table(
      ["incident", "service", "symptom", "reason", "waiting"],
      report.blocking_issues.map((b) => [
        b.incident_id,
        b.service,
        b.symptom,
        b.reason,
        formatDurationMs(b.age_ms),
      ]),
    ),
    "",
    "## Deliverables completed",
    ...table(
      ["incident", "service", "symptom", "resolution", "resolved at"],
      report.deliverables_completed.map((c) => [
        c.incident_id,
        c.service,
        c.symptom,
        c.resolution,
        c.resolved_at,
      ]),
    ),
    "",
    "## Handoff readiness",
    report.handoff_readiness_note,
    "",
    "## Quality control",
    describeQualityControl(report.quality_control),
    "",
    "## Institutional knowledge",
    `Rows learned: ${report.institutional_knowledge_captured.rows_learned}; lessons added: ${report.institutional_knowledge_captured.lessons_added}`,
    ...report.institutional_knowledge_captured.lessons.map(
      (l) => `- ${l.pattern}/${l.solution} (${l.by}): ${l.note}`,
    ),
    "",
    "## Specialist assignments",
    ...table(
      ["executor", "actions", "succeeded", "services"],
      report.specialist_assignments.map((s) => [s.executor, s.actions, s.succeeded, s.services.join(", ")]),
    ),
  ];
  return `${lines.join("\n")}\n`;
}

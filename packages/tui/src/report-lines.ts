import { describeAlternative, type EscalationReport } from "@orbt/core";

/** One line of a report on screen; `tone` picks its style. */
export type ReportLine = { readonly text: string; readonly tone?: "heading" | "dim" | "alert" };

function heading(text: string): ReportLine[] {
  return [{ text: "" }, { text, tone: "heading" }];
}

function none(items: readonly unknown[]): ReportLine[] {
  return items.length === 0 ? [{ text: "  none", tone: "dim" }] : [];
}

function outputLines(tail: string | null): ReportLine[] {
  if (tail === null || tail.trim() === "") return [];
  return tail
    .trimEnd()
    .split("\n")
    .slice(-4)
    .map((line) => ({ text: `      │ ${line}`, tone: "dim" as const }));
}

/** The report as the Escalations screen shows it, every field, one screen line each, to scroll through. */
export function reportLines(report: EscalationReport): ReportLine[] {
  const impact = report.business_impact;
  const estimate = report.recovery_time_estimate;
  const cost = report.cost_implications;
  return [
    {
      text: `${report.issue_type} on ${report.service} · ${report.domain} · reason ${report.reason}`,
      tone: "heading",
    },
    { text: `urgency ${report.urgency_level}: ${report.urgency_basis}` },
    ...heading("Business impact"),
    { text: `  ${impact.summary}` },
    { text: `  criticality ${impact.criticality} · ${impact.minutes_down} min down` },
    { text: `  affected: ${report.affected_services.join(", ")}` },
    ...impact.sla_budget_burned.map((burn) => ({
      text: `  SLA ${burn.objective}: ${burn.long_burn}× long, ${burn.short_burn}× short, ${burn.budget_spent_percent}% of 30 days`,
      tone: "alert" as const,
    })),
    ...heading("Cost and recovery"),
    { text: `  cost: ${cost.summary}` },
    {
      text: `  recovery: ${estimate.minutes === null ? "unknown" : `${estimate.minutes} min`} (${estimate.basis})`,
    },
    ...heading("Attempted solutions"),
    ...none(report.attempted_solutions),
    ...report.attempted_solutions.flatMap((attempt) => [
      {
        text: `  strike ${attempt.strike} ${attempt.solution}: ${attempt.outcome}, verify ${attempt.verify ?? "-"}, exit ${attempt.exit_code ?? "-"}, ${attempt.duration_ms ?? "-"} ms`,
        tone:
          attempt.outcome === "failed" || attempt.outcome === "timed_out" ? ("alert" as const) : undefined,
      },
      { text: `    ${attempt.dpr_id}`, tone: "dim" as const },
      ...outputLines(attempt.output_tail),
    ]),
    ...heading("Approvals"),
    ...none(report.approvals),
    ...report.approvals.map((approval) => ({
      text: `  strike ${approval.strike} ${approval.solution}: ${approval.decision} by ${approval.by ?? "nobody (timed out)"} at ${approval.at.slice(11, 19)}${approval.note === null ? "" : `: ${approval.note}`}`,
      tone: approval.decision === "approved" ? undefined : ("alert" as const),
    })),
    ...heading("Specialist recommendations"),
    ...none(report.specialist_recommendations),
    ...report.specialist_recommendations.flatMap((row) => [
      {
        text: `  ${row.solution}: score ${row.score}, ${row.successes}/${row.tries} succeeded${row.mean_recovery_ms === null ? "" : `, MTTR ${Math.round(row.mean_recovery_ms / 1000)}s`} (${row.basis}${row.is_configured ? ", configured" : ", not configured"})`,
      },
      ...row.lessons.map((lesson) => ({ text: `    lesson: ${lesson}`, tone: "dim" as const })),
    ]),
    ...heading("Infrastructure alternatives"),
    ...none(report.infrastructure_alternatives),
    ...report.infrastructure_alternatives.map((alternative) => ({
      text: `  ${describeAlternative(alternative)}`,
    })),
    ...heading("Next steps"),
    ...report.recommendations.map((line) => ({ text: `  → ${line}` })),
    ...heading("Timeline"),
    ...report.timeline.map((entry) => ({
      text: `  ${entry.at.slice(11, 19)} ${entry.kind}: ${entry.message}`,
      tone:
        entry.kind === "escalated" || entry.kind === "escalation_triggered" ? ("alert" as const) : undefined,
    })),
  ];
}

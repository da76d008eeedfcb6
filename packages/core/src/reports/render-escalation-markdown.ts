import type { EscalationReport } from "../protocol/escalation-report.js";
import { describeAlternative } from "./describe-alternative.js";

function cell(value: string | number | null): string {
  return value === null ? "–" : String(value).replaceAll("|", "\\|").replaceAll("\n", " ");
}

function table(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string[] {
  if (rows.length === 0) return ["None."];
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

function list(items: readonly string[]): string[] {
  return items.length === 0 ? ["None."] : items.map((item) => `- ${item}`);
}

/** The report as Markdown, for people: a chat message, a ticket, the REST `?format=md`. */
export function renderEscalationMarkdown(report: EscalationReport): string {
  const impact = report.business_impact;
  const estimate = report.recovery_time_estimate;
  const lines = [
    `# ${report.escalation_id}: ${report.service} ${report.issue_type}`,
    "",
    `**${report.urgency_level}** (${report.urgency_basis}) · reason \`${report.reason}\` · ${report.project} ${report.environment} · domain ${report.domain}`,
    `Opened ${report.opened_at}, escalated ${report.escalated_at}.`,
    "",
    "## Business impact",
    "",
    impact.summary,
    "",
    `- Criticality: ${impact.criticality}`,
    `- Minutes down: ${impact.minutes_down}`,
    `- Dependents affected: ${impact.dependents_affected.join(", ") || "none"}`,
    ...impact.sla_budget_burned.map(
      (burn) =>
        `- SLA ${burn.objective}: burning ${burn.long_burn}× (long window), ${burn.short_burn}× (short), ${burn.budget_spent_percent}% of a 30-day budget spent`,
    ),
    `- Affected services: ${report.affected_services.join(", ")}`,
    "",
    "## Cost and recovery",
    "",
    `- Cost: ${report.cost_implications.summary}`,
    `- Recovery time estimate: ${estimate.minutes === null ? "unknown" : `${estimate.minutes} min`} (${estimate.basis})`,
    "",
    "## Attempted solutions",
    "",
    ...table(
      ["DPR id", "solution", "strike", "outcome", "verify", "exit", "ms"],
      report.attempted_solutions.map((attempt) => [
        attempt.dpr_id,
        attempt.solution,
        attempt.strike,
        attempt.outcome,
        attempt.verify,
        attempt.exit_code,
        attempt.duration_ms,
      ]),
    ),
    ...report.attempted_solutions.flatMap((attempt) =>
      attempt.output_tail === null || attempt.output_tail === ""
        ? []
        : ["", `Output of ${attempt.dpr_id} (end):`, "", "```", attempt.output_tail.trimEnd(), "```"],
    ),
    "",
    "## Approvals",
    "",
    ...table(
      ["strike", "solution", "decision", "by", "at", "note"],
      report.approvals.map((approval) => [
        approval.strike,
        approval.solution,
        approval.decision,
        approval.by,
        approval.at,
        approval.note,
      ]),
    ),
    "",
    "## Specialist recommendations",
    "",
    ...table(
      ["solution", "score", "tries", "successes", "mean recovery ms", "basis", "configured", "lessons"],
      report.specialist_recommendations.map((row) => [
        row.solution,
        row.score,
        row.tries,
        row.successes,
        row.mean_recovery_ms,
        row.basis,
        row.is_configured ? "yes" : "no",
        row.lessons.join("; ") || null,
      ]),
    ),
    "",
    "## Infrastructure alternatives",
    "",
    ...list(report.infrastructure_alternatives.map(describeAlternative)),
    "",
    "## Next steps",
    "",
    ...list(report.recommendations),
    "",
    "## Timeline",
    "",
    ...list(
      report.timeline.map(
        (entry) =>
          `${entry.at} ${entry.kind}: ${entry.message}${entry.dpr_id === null ? "" : ` (${entry.dpr_id})`}`,
      ),
    ),
  ];
  return `${lines.join("\n")}\n`;
}

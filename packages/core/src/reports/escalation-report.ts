import { findPattern } from "../patterns/pattern-catalog.js";
import type { EngineState, Incident, IncidentEscalation } from "../protocol/engine-state.js";
import type { EscalationReport, UrgencyLevel } from "../protocol/escalation-report.js";
import type { Environment } from "../protocol/names.js";
import { urgencyOf } from "./urgency-of.js";

const RECOVERY_ESTIMATE_BY_URGENCY: Record<UrgencyLevel, string> = {
  critical: "15-60 minutes once an on-call engineer engages",
  high: "1-4 hours",
  medium: "within one working day",
  low: "next planned maintenance",
};

function describeImpact(incident: Incident, environment: Environment): string {
  const downtimeMinutes = Math.max(
    0,
    Math.round(((incident.escalation?.at ?? incident.updatedAt) - incident.openedAt) / 60_000),
  );
  return `${incident.service} (${environment}) has shown ${incident.symptom} for ${downtimeMinutes} min; automatic repair did not restore it.`;
}

function recommend(incident: Incident, reason: string, untried: readonly string[]): string[] {
  if (reason === "action_budget") {
    return [
      `Orbt's action budget was spent, so it did not act: investigate ${incident.service} directly: ${incident.symptom}.`,
      "Many incidents at once point at a shared cause: the network, a common dependency, a deploy.",
      "Raise automation.budget only if this many actions per window are expected.",
    ];
  }
  if (incident.actions.length === 0 && reason === "strikes_exhausted") {
    return [
      `Orbt's rails held every remedy back (see the incident's timeline): investigate ${incident.service} directly: ${incident.symptom}.`,
      "A remedy in cooldown or at max_runs keeps failing to fix the service for long: look for the cause it hides.",
    ];
  }
  if (incident.actions.length === 0) {
    return [
      `Configure a remedy for pattern ${incident.pattern} (e.g. ${untried.slice(0, 3).join(", ")}) so Orbt can repair it next time.`,
      `Investigate ${incident.service} directly: ${incident.symptom}.`,
    ];
  }
  const tried = incident.actions.map((action) => action.solution).join(", ");
  return [
    `Inspect ${incident.service}: ${tried} did not clear ${incident.symptom}.`,
    "Check recent deploys and configuration changes of the service and its dependencies.",
    "Resolve the incident in Orbt once fixed so the outcome is recorded.",
  ];
}

/** The report a human gets for `escalation` of the incident: the ladder's own, or a trigger's page. */
export function buildEscalationReport(
  state: EngineState,
  incident: Incident,
  escalation: IncidentEscalation,
): EscalationReport {
  const environment = state.settings.environment;
  const urgency = urgencyOf(environment);
  const pattern = findPattern(state.settings.patterns, incident.pattern);
  const tried = new Set(incident.actions.map((action) => action.solution));
  const untried = [...(pattern?.strike1Solutions ?? []), ...(pattern?.strike2Alternatives ?? [])].filter(
    (solution) => !tried.has(solution),
  );
  return {
    escalation_id: escalation.escalationId,
    incident_id: incident.id,
    project: state.settings.project,
    environment,
    domain: "platform",
    issue_type: `${incident.pattern}/${incident.symptom}`,
    pattern: incident.pattern,
    symptom: incident.symptom,
    reason: escalation.reason,
    business_impact: describeImpact(incident, environment),
    affected_services: [incident.service],
    attempted_solutions: incident.actions.map((action) => ({
      dpr_id: action.dprId,
      solution: action.solution,
      strike: action.strike,
      outcome: action.outcome,
      verify: action.verify,
      exit_code: action.exitCode,
      duration_ms: action.durationMs,
    })),
    recommendations: recommend(incident, escalation.reason, untried),
    alternative_approaches: untried,
    recovery_time_estimate: RECOVERY_ESTIMATE_BY_URGENCY[urgency],
    urgency_level: urgency,
    opened_at: new Date(incident.openedAt).toISOString(),
    escalated_at: new Date(escalation.at).toISOString(),
  };
}

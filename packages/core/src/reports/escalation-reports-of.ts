import type { Step } from "../engine/incident-update.js";
import type { EscalationReport } from "../protocol/escalation-report.js";
import { buildEscalationReport } from "./escalation-report.js";

/**
 * The report of each escalation a step made, by escalation id, for an incident still live after it or
 * archived by it. Built once per step: the notification and the stored escalation row share it.
 */
export function escalationReportsOf(step: Step, now: number): ReadonlyMap<string, EscalationReport> {
  const { state } = step;
  const archived = new Map(
    step.effects.flatMap((effect) =>
      effect.type === "ArchiveIncident" ? [[effect.incident.id, effect.incident] as const] : [],
    ),
  );
  const reports = new Map<string, EscalationReport>();
  for (const effect of step.effects) {
    if (effect.type !== "Escalate") continue;
    const incident = state.incidents[effect.incidentId] ?? archived.get(effect.incidentId);
    if (incident === undefined) continue;
    reports.set(effect.escalationId, buildEscalationReport(state, incident, { ...effect, at: now }));
  }
  return reports;
}

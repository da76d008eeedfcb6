import type { Incident, IncidentEscalation } from "../protocol/engine-state.js";

/** Every escalation of the incident, oldest first: the triggers' pages and the ladder's own. */
export function escalationsOf(incident: Incident): IncidentEscalation[] {
  const pages = incident.triggered.map(({ trigger, escalationId, at }) => ({
    escalationId,
    reason: trigger,
    at,
  }));
  const all = incident.escalation === null ? pages : [...pages, incident.escalation];
  return all.sort((a, b) => a.at - b.at);
}

import type { Incident } from "../protocol/engine-state.js";
import type { IncidentSummary } from "../protocol/rest.js";

/** An incident as listings show it: without its timeline and actions. */
export function summarizeIncident(incident: Incident): IncidentSummary {
  const { timeline: _timeline, actions: _actions, ...summary } = incident;
  return summary;
}

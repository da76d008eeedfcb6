import { liveIncidents } from "../engine/live-incidents.js";
import type { EngineState, Incident } from "../protocol/engine-state.js";

/** A service with a live incident whose symptom is still reported, and when its earliest such incident opened. */
export type FailingService = {
  readonly service: string;
  readonly since: number;
  readonly incident: Incident;
};

/** Every failing service, the first to fail first (ties by incident number, which follows opening order). */
export function failingServices(state: EngineState): FailingService[] {
  const earliest = new Map<string, Incident>();
  for (const incident of liveIncidents(state)) {
    if (incident.activeSources.length === 0) continue;
    const known = earliest.get(incident.service);
    if (known === undefined || incident.openedAt < known.openedAt) earliest.set(incident.service, incident);
  }
  return [...earliest.values()]
    .map((incident) => ({ service: incident.service, since: incident.openedAt, incident }))
    .sort((a, b) => a.since - b.since || a.service.localeCompare(b.service));
}

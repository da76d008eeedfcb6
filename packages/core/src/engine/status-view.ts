import type { EngineState, Incident } from "../protocol/engine-state.js";
import type { HaStatus, StatusResponse } from "../protocol/rest.js";
import { summarizeAutomation } from "./automation-view.js";
import { incidentNumber } from "./incident-update.js";
import { liveIncidents } from "./live-incidents.js";
import { serviceMode } from "./service-mode.js";
import { serviceStatus } from "./service-status.js";
import { summarizeIncident } from "./summarize-incident.js";

/** Later opened, or opened in the same millisecond with the higher number. */
function isNewer(a: Incident, b: Incident): boolean {
  return a.openedAt > b.openedAt || (a.openedAt === b.openedAt && incidentNumber(a) > incidentNumber(b));
}

/**
 * `GET /api/v1/status`: every known service with its status and its newest live incident, and, for one of an
 * HA pair, who leads.
 */
export function buildStatusView(state: EngineState, ha: HaStatus | null = null): StatusResponse {
  const newestByService = new Map<string, Incident>();
  for (const incident of liveIncidents(state)) {
    const newest = newestByService.get(incident.service);
    if (newest === undefined || isNewer(incident, newest)) newestByService.set(incident.service, incident);
  }
  return {
    project: state.settings.project,
    environment: state.settings.environment,
    automation: summarizeAutomation(state),
    services: Object.values(state.services).map((service) => {
      const open = newestByService.get(service.name);
      return {
        name: service.name,
        platform: service.platform,
        isDiscovered: service.isDiscovered,
        status: serviceStatus(state, service.name),
        mode: serviceMode(state, service.name),
        scale: service.scale ?? null,
        maintenanceUntil: state.maintenance[service.name]?.endsAt ?? null,
        deploy: state.deploys[service.name] ?? null,
        openIncident: open === undefined ? null : summarizeIncident(open),
      };
    }),
    ha,
  };
}

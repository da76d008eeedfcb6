import type { EngineState } from "../protocol/engine-state.js";
import type { ServiceStatus } from "../protocol/names.js";
import { liveIncidentsOfService } from "./incident-index.js";

/** GREEN with no live incident, RED when one is escalated, else YELLOW (in repair). */
export function serviceStatus(state: EngineState, service: string): ServiceStatus {
  let status: ServiceStatus = "GREEN";
  for (const incident of liveIncidentsOfService(state, service)) {
    if (incident.state === "escalated") return "RED";
    status = "YELLOW";
  }
  return status;
}

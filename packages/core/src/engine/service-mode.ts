import type { EngineState } from "../protocol/engine-state.js";
import type { ServiceMode } from "../protocol/names.js";
import { incidentIndexOf } from "./incident-index.js";

/** Build while a deploy of the service runs, Repair while it has a live incident, else Operate. */
export function serviceMode(state: EngineState, service: string): ServiceMode {
  if (state.deploys[service]?.status === "started") return "Build";
  return incidentIndexOf(state).byService.has(service) ? "Repair" : "Operate";
}

import type { EngineState } from "../protocol/engine-state.js";
import { findLiveIncident } from "./incident-update.js";

/** A live `uptime_problems` incident of the service has a source still reporting: the service is down. */
export function isFailing(state: EngineState, service: string): boolean {
  return (findLiveIncident(state, service, "uptime_problems")?.activeSources.length ?? 0) > 0;
}

import type { EngineState, Incident } from "../protocol/engine-state.js";
import { currentActionId, findAction } from "./incident-update.js";

/** How long a symptom must stay clear when nothing sets a window: a service without checks, or a discovered one. */
export const DEFAULT_VERIFY_FOR_MS = 20_000;

/** A service's own window: two of its fastest check intervals, so one probe alone cannot pass it; else the default. */
export function defaultVerifyForMs(checkIntervalsMs: readonly number[]): number {
  return checkIntervalsMs.length === 0 ? DEFAULT_VERIFY_FOR_MS : 2 * Math.min(...checkIntervalsMs);
}

/** The window the incident is verified with: its current remedy's `verify_for`, else its service's, else the default. */
export function verifyForMsOf(state: EngineState, incident: Incident): number {
  const actionId = currentActionId(incident);
  const action = actionId === undefined ? undefined : findAction(incident, actionId);
  const plan = action === undefined ? undefined : state.settings.remedies[action.remedyIndex];
  return plan?.verifyForMs ?? state.services[incident.service]?.verifyForMs ?? DEFAULT_VERIFY_FOR_MS;
}

import type { Effect, Escalate } from "../protocol/effect.js";
import type { MaintenanceStarted } from "../protocol/engine-event.js";
import type { EngineState, Incident, IncidentPhase } from "../protocol/engine-state.js";
import { appendTimeline, type Step, withIncident } from "./incident-update.js";

/** When the service's maintenance window ends, if one is open at `now`. */
export function maintenanceEndOf(state: EngineState, service: string, now: number): number | undefined {
  const window = state.maintenance[service];
  return window !== undefined && window.endsAt > now ? window.endsAt : undefined;
}

/** Opens the window on each service, or extends one already open; a shorter window never shortens it. */
export function startMaintenance(state: EngineState, event: MaintenanceStarted, now: number): EngineState {
  const maintenance = { ...state.maintenance };
  for (const service of event.services) {
    const open = maintenance[service];
    if (open !== undefined && open.endsAt >= event.endsAt) continue;
    maintenance[service] = { startedAt: open?.startedAt ?? now, endsAt: event.endsAt };
  }
  return { ...state, maintenance };
}

/** A strike held by maintenance is not charged for the wait: its budget starts afresh when the window ends. */
export function isHeldForMaintenance(phase: IncidentPhase): boolean {
  return phase.kind === "held" && phase.reason === "maintenance";
}

/** What becomes of an escalation: sent as an effect, or held back while the service is in maintenance. */
export type EscalationOutcome = {
  readonly incident: Incident;
  readonly effects: readonly Effect[];
  readonly deferred: EngineState["deferredEscalations"];
};

/**
 * The incident's escalation sent, or, while its service is in a maintenance window, noted on its timeline
 * as held back and kept to send when the window ends; the state itself is left to the caller.
 */
export function escalateOrDefer(
  state: EngineState,
  incident: Incident,
  escalation: Escalate,
  now: number,
): EscalationOutcome {
  const windowEndsAt = maintenanceEndOf(state, incident.service, now);
  if (windowEndsAt === undefined) return { incident, effects: [escalation], deferred: [] };
  const deferred = appendTimeline(incident, {
    at: now,
    kind: "escalation_deferred",
    message: `escalation not sent during maintenance: sent when the window ends at ${new Date(windowEndsAt).toISOString()}`,
  });
  const { incidentId, escalationId, reason } = escalation;
  return { incident: deferred, effects: [], deferred: [{ incidentId, escalationId, reason }] };
}

/**
 * Sends the incident's escalation, or, while its service is in a maintenance window, notes on its timeline
 * that it is held back and keeps it to send when the window ends.
 */
export function sendOrDeferEscalation(
  state: EngineState,
  incident: Incident,
  escalation: Escalate,
  now: number,
): Step {
  const outcome = escalateOrDefer(state, incident, escalation, now);
  const escalated = withIncident(state, outcome.incident);
  return {
    state:
      outcome.deferred.length === 0
        ? escalated
        : { ...escalated, deferredEscalations: [...state.deferredEscalations, ...outcome.deferred] },
    effects: outcome.effects,
  };
}

/**
 * Closes the windows that ended, and sends the escalations they held back of incidents still escalated.
 * Returns the same state object when nothing ended.
 */
export function settleMaintenance(state: EngineState, now: number): Step {
  const ended = Object.entries(state.maintenance).filter(([, window]) => window.endsAt <= now);
  if (ended.length === 0) return { state, effects: [] };
  const maintenance = Object.fromEntries(
    Object.entries(state.maintenance).filter(([, window]) => window.endsAt > now),
  );
  const closed: EngineState = { ...state, maintenance };
  const effects: Effect[] = [];
  const kept = closed.deferredEscalations.filter((deferred) => {
    const incident = closed.incidents[deferred.incidentId];
    if (incident === undefined) return false;
    if (maintenanceEndOf(closed, incident.service, now) !== undefined) return true;
    // A trigger's page may have been held back while the ladder still went on: it is sent all the same.
    effects.push({ type: "Escalate", ...deferred });
    return false;
  });
  return { state: { ...closed, deferredEscalations: kept }, effects };
}

/** When the next maintenance window ends. */
export function nextMaintenanceEnd(state: EngineState): number | undefined {
  const ends = Object.values(state.maintenance).map((window) => window.endsAt);
  return ends.length === 0 ? undefined : Math.min(...ends);
}

import type { Effect } from "../protocol/effect.js";
import type { Action, EngineState, Incident, TimelineEntry } from "../protocol/engine-state.js";
import { liveIncidentsOfService, noteIncidentsReplaced } from "./incident-index.js";
import { withEntries } from "./with-entries.js";

export type Step = { readonly state: EngineState; readonly effects: readonly Effect[] };

const TIMELINE_LIMIT = 200;

export function withIncident(state: EngineState, incident: Incident): EngineState {
  const incidents = withEntries(state.incidents, { [incident.id]: incident });
  noteIncidentsReplaced(state.incidents, incidents, [incident.id]);
  return { ...state, incidents };
}

/**
 * A resolved incident leaves the state, which holds live incidents only, so memory does not grow with
 * history; the daemon stores it from the effect.
 */
export function archiveIncident(state: EngineState, resolved: Incident): Step {
  const incidents = withEntries<Incident>(state.incidents, { [resolved.id]: undefined });
  noteIncidentsReplaced(state.incidents, incidents, [resolved.id]);
  return { state: { ...state, incidents }, effects: [{ type: "ArchiveIncident", incident: resolved }] };
}

/** Keeps the first entry (how it started) and the most recent ones. */
export function appendTimeline(incident: Incident, entry: TimelineEntry): Incident {
  const timeline = [...incident.timeline, entry];
  const trimmed =
    timeline.length > TIMELINE_LIMIT ? [timeline[0]!, ...timeline.slice(-(TIMELINE_LIMIT - 1))] : timeline;
  return { ...incident, timeline: trimmed, updatedAt: Math.max(incident.updatedAt, entry.at) };
}

export function updateAction(incident: Incident, actionId: string, patch: Partial<Action>): Incident {
  return {
    ...incident,
    actions: incident.actions.map((action) =>
      action.actionId === actionId ? { ...action, ...patch } : action,
    ),
  };
}

export function findAction(incident: Incident, actionId: string): Action | undefined {
  return incident.actions.find((action) => action.actionId === actionId);
}

/** The open or escalated incident of a service and pattern, if any. */
export function findLiveIncident(state: EngineState, service: string, pattern: string): Incident | undefined {
  return liveIncidentsOfService(state, service).find((incident) => incident.pattern === pattern);
}

/** The action the incident is running or verifying; none while it waits, or verifies without having acted. */
export function currentActionId(incident: Incident): string | undefined {
  const { phase } = incident;
  if (phase.kind === "running") return phase.actionId;
  if (phase.kind === "verifying") return phase.actionId ?? undefined;
  return undefined;
}

/** The N of `inc-N`: incidents are numbered in the order they opened. */
export function incidentNumber(incident: Incident): number {
  return Number(incident.id.slice("inc-".length));
}

import type { Effect } from "../protocol/effect.js";
import type { EngineState, Incident } from "../protocol/engine-state.js";
import { incidentIndexOf, inRecordOrder, isWaiting } from "./incident-index.js";
import { incidentNumber, type Step } from "./incident-update.js";
import { actOnStrike } from "./strike-ladder.js";

function waitingSince(incident: Incident): number {
  return incident.phase.kind === "queued" || incident.phase.kind === "held" ? incident.phase.since : 0;
}

/**
 * Queued and held incidents try to act again after every event, the longest waiting first: capacity
 * freed by an action that ended, or a resume, lets them through. Returns the same state object when none
 * moved on.
 */
export function releaseWaiting(state: EngineState, now: number): Step {
  const waiting = inRecordOrder(state, incidentIndexOf(state).waiting).sort(
    (a, b) => waitingSince(a) - waitingSince(b) || incidentNumber(a) - incidentNumber(b),
  );
  let current = state;
  const effects: Effect[] = [];
  for (const { id } of waiting) {
    const incident = current.incidents[id];
    if (incident === undefined || !isWaiting(incident)) continue;
    const released = actOnStrike(current, incident, now, false);
    current = released.state;
    effects.push(...released.effects);
  }
  return { state: current, effects };
}

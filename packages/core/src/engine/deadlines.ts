import type { Effect } from "../protocol/effect.js";
import type { EngineState, Incident, IncidentPhase } from "../protocol/engine-state.js";
import { nextTriggerDeadline } from "../triggers/trigger-evaluators.js";
import { answerApproval, isAwaitingApproval } from "./approvals.js";
import { nextDeployDeadline } from "./deploys.js";
import { flappingIncidentOf, nextFlappingEnd } from "./flapping.js";
import { changedIncidentIds, type IncidentIndex, incidentIndexOf } from "./incident-index.js";
import { appendTimeline, archiveIncident, type Step } from "./incident-update.js";
import { liveIncidents } from "./live-incidents.js";
import { isHeldForMaintenance, nextMaintenanceEnd } from "./maintenance.js";
import { serviceRulesOf } from "./service-rules.js";
import { nextSilenceChange } from "./silences.js";
import { failStrike, strikeTimeoutMs, succeedStrike } from "./strike-ladder.js";
import { verifyForMsOf } from "./verify-window.js";

type Deadlines = {
  /** The symptom will have stayed clear long enough. */
  readonly clearAt?: number;
  /** The strike fails here: budget spent, or the symptom outlasted the verify window. */
  readonly failAt?: number;
  readonly failReason?: string;
  /** The strike fails at `failAt` because no one answered the approval request: counted as denied. */
  readonly isApprovalTimeout?: boolean;
};

function whileWaiting(phase: IncidentPhase): string {
  switch (phase.kind) {
    case "queued":
      return " while queued";
    case "held":
      return ` while held (${phase.reason})`;
    case "rechecking":
      return " while re-checking the symptom";
    case "awaiting_approval":
      return " while awaiting approval";
    default:
      return "";
  }
}

function deadlinesOf(state: EngineState, incident: Incident): Deadlines {
  // A flapping incident stays the one its service's symptoms join until the flapping ends.
  const isHeldByFlapping =
    incident.state === "escalated" && flappingIncidentOf(state, incident.service)?.id === incident.id;
  return isHeldByFlapping ? {} : unheldDeadlinesOf(state, incident);
}

/** The deadlines as if the incident's service did not flap: what its incident, settings and service make them. */
function unheldDeadlinesOf(state: EngineState, incident: Incident): Deadlines {
  const isClear = incident.activeSources.length === 0;
  const verifyForMs = verifyForMsOf(state, incident);
  if (incident.state === "escalated") {
    return isClear && incident.clearSince !== null ? { clearAt: incident.clearSince + verifyForMs } : {};
  }
  if (incident.state !== "open" || incident.strikeStartedAt === null) return {};
  const budgetEndsAt = incident.strikeStartedAt + strikeTimeoutMs(state, incident.strike);
  const { phase } = incident;
  const budget = { failAt: budgetEndsAt, failReason: `strike budget ran out${whileWaiting(phase)}` };
  if (phase.kind === "running" || phase.kind === "idle") return budget;
  if (isHeldForMaintenance(phase)) {
    // The window stops the strike's clock; it starts afresh when the window ends.
    return isClear && incident.clearSince !== null ? { clearAt: incident.clearSince + verifyForMs } : {};
  }
  if (phase.kind === "awaiting_approval") {
    // A person is asked: the strike budget waits too, and the approval timeout bounds the wait.
    const unanswered = {
      failAt: phase.since + state.settings.automation.approvalTimeoutMs,
      isApprovalTimeout: true,
    };
    return isClear && incident.clearSince !== null
      ? { ...unanswered, clearAt: incident.clearSince + verifyForMs }
      : unanswered;
  }
  if (phase.kind !== "verifying") {
    // The symptom went away while the strike waited: it resolves once it stayed clear, as after an action.
    return isClear && incident.clearSince !== null
      ? { ...budget, clearAt: incident.clearSince + verifyForMs }
      : budget;
  }
  const remedyEndedAt = phase.remedyEndedAt;
  if (!isClear) {
    const symptomOutlastsAt = remedyEndedAt + verifyForMs;
    return symptomOutlastsAt < budgetEndsAt
      ? { failAt: symptomOutlastsAt, failReason: "symptom still present after the verify window" }
      : budget;
  }
  const clearFrom = Math.max(remedyEndedAt, incident.clearSince ?? remedyEndedAt);
  return { ...budget, clearAt: clearFrom + verifyForMs };
}

function settleIncident(state: EngineState, incident: Incident, now: number): Step | undefined {
  const { clearAt, failAt, failReason, isApprovalTimeout } = deadlinesOf(state, incident);
  const isClearDue = clearAt !== undefined && clearAt <= now && (failAt === undefined || clearAt <= failAt);
  if (isClearDue && incident.state === "escalated") {
    const recovered = appendTimeline(
      { ...incident, state: "resolved", status: "GREEN", resolvedAt: now, resolution: "self_recovered" },
      { at: now, kind: "resolved", message: "symptom stayed clear: self-recovered after escalation" },
    );
    return archiveIncident(state, recovered);
  }
  if (isClearDue) return succeedStrike(state, incident, now);
  if (isApprovalTimeout && isAwaitingApproval(incident) && failAt !== undefined && failAt <= now) {
    return answerApproval(state, incident, { decision: "timed_out", by: null }, now);
  }
  if (failAt !== undefined && failAt <= now) return failStrike(state, incident, failReason ?? "failed", now);
  return undefined;
}

const SORTED_IDS = new WeakMap<EngineState["incidents"], readonly string[]>();

/** Sorted once per incidents record that has something due. */
function sortedIds(state: EngineState): readonly string[] {
  const known = SORTED_IDS.get(state.incidents);
  if (known !== undefined) return known;
  const sorted = liveIncidents(state)
    .map((incident) => incident.id)
    .sort();
  SORTED_IDS.set(state.incidents, sorted);
  return sorted;
}

function earliestOf(deadlines: Deadlines): number {
  return Math.min(
    deadlines.clearAt ?? Number.POSITIVE_INFINITY,
    deadlines.failAt ?? Number.POSITIVE_INFINITY,
  );
}

/** No deadline of the incidents of `incidents` comes before `earliest`, under these settings and services. */
type DeadlineBound = {
  readonly incidents: EngineState["incidents"];
  readonly settings: EngineState["settings"];
  readonly services: EngineState["services"];
  readonly earliest: number;
};

/** One bound per lineage of incidents records (their index), moved on with the records a step makes. */
const BOUNDS = new WeakMap<IncidentIndex, DeadlineBound>();

/**
 * A time before which no incident has anything due: the last bound, lowered by the deadlines of the
 * incidents changed since. It may be early (an incident that changed or left kept its old deadline in it,
 * and a flapping incident counts as not held), never late; computed afresh when settings or services change.
 */
function deadlineBound(state: EngineState): number {
  const index = incidentIndexOf(state);
  const last = BOUNDS.get(index);
  const isSameRules = last?.settings === state.settings && last.services === serviceRulesOf(state);
  const ids = isSameRules
    ? changedIncidentIds(last.incidents, state.incidents)
    : Object.keys(state.incidents);
  let earliest = isSameRules ? last.earliest : Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const incident = state.incidents[id];
    if (incident !== undefined) earliest = Math.min(earliest, earliestOf(unheldDeadlinesOf(state, incident)));
  }
  BOUNDS.set(index, {
    incidents: state.incidents,
    settings: state.settings,
    services: serviceRulesOf(state),
    earliest,
  });
  return earliest;
}

/** Applies every transition whose time has come; returns the same state object when none has. */
export function settleDeadlines(state: EngineState, now: number): Step {
  if (deadlineBound(state) > now) return { state, effects: [] };
  let current = state;
  const effects: Effect[] = [];
  for (const id of sortedIds(state)) {
    const incident = current.incidents[id];
    if (incident === undefined) continue;
    const settled = settleIncident(current, incident, now);
    if (settled === undefined) continue;
    current = settled.state;
    effects.push(...settled.effects);
  }
  // What was due is settled: the bound is taken afresh, so one early deadline does not keep it early.
  BOUNDS.delete(incidentIndexOf(current));
  return { state: current, effects };
}

function earlierOf(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

/** When the engine next needs a Tick; undefined when nothing is waiting on time. */
export function nextWakeAt(state: EngineState): number | undefined {
  let earliest = earlierOf(
    earlierOf(earlierOf(nextDeployDeadline(state), nextTriggerDeadline(state)), nextFlappingEnd(state)),
    earlierOf(nextSilenceChange(state), nextMaintenanceEnd(state)),
  );
  for (const incident of liveIncidents(state)) {
    const { clearAt, failAt } = deadlinesOf(state, incident);
    for (const at of [clearAt, failAt]) {
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
  }
  return earliest;
}

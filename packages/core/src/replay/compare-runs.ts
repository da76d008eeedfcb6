import type { Incident } from "../protocol/engine-state.js";
import type {
  ReplayIncident,
  ReplayIncidentRun,
  ReplayReport,
  ReplaySide,
  ReplayTotals,
  SimulatedOutcome,
} from "../protocol/replay-report.js";
import { findIncidentAt } from "./find-incident-at.js";

/** The recorded run's incidents and the new run's, `outcomes` telling how the new run's actions were simulated. */
export type RunsToCompare = {
  readonly recorded: readonly Incident[];
  readonly replayed: readonly Incident[];
  readonly outcomes: ReadonlyMap<string, SimulatedOutcome>;
  readonly from: number;
  readonly to: number;
};

/** The recorded run's outcomes are real; its action ids may repeat the new run's, so none is looked up. */
const REAL_OUTCOMES: ReadonlyMap<string, SimulatedOutcome> = new Map();

/** The journal event an incident was opened by: the same in both runs, since both took it at its time. */
function openingKey(incident: Incident): string {
  return JSON.stringify([incident.openedAt, incident.service, incident.pattern]);
}

/** The incident as it stood at `to`: a recorded one may have gone on past the replayed span. */
function viewAt(
  incident: Incident,
  to: number,
  outcomes: ReadonlyMap<string, SimulatedOutcome>,
): ReplayIncidentRun {
  const actions = incident.actions
    .filter((action) => action.startedAt <= to)
    .map((action) => {
      const isFinished = action.finishedAt !== null && action.finishedAt <= to;
      const simulated = outcomes.get(action.actionId);
      return {
        actionId: action.actionId,
        strike: action.strike,
        solution: action.solution,
        startedAt: action.startedAt,
        outcome: isFinished ? action.outcome : "running",
        verify: isFinished ? action.verify : null,
        ...(simulated === undefined ? {} : { simulated }),
      } as const;
    });
  const { escalation } = incident;
  const isEscalated = escalation !== null && escalation.at <= to;
  const resolvedAt = incident.resolvedAt !== null && incident.resolvedAt <= to ? incident.resolvedAt : null;
  return {
    kind: "incident",
    incidentId: incident.id,
    state: resolvedAt !== null ? "resolved" : isEscalated ? "escalated" : "open",
    resolution: resolvedAt === null ? null : incident.resolution,
    strike: isEscalated ? 3 : Math.max(0, ...actions.map((action) => action.strike)),
    actions,
    escalation: isEscalated ? { reason: escalation.reason, at: escalation.at } : null,
    resolvedAt,
    timeToResolveMs: resolvedAt === null ? null : resolvedAt - incident.openedAt,
  };
}

function sideOf(
  incidents: readonly Incident[],
  opened: Incident,
  to: number,
  outcomes: ReadonlyMap<string, SimulatedOutcome>,
): ReplaySide {
  const found = findIncidentAt(incidents, opened.service, opened.pattern, opened.openedAt);
  if (found === undefined) return { kind: "none" };
  if (found.openedAt === opened.openedAt) return viewAt(found, to, outcomes);
  return { kind: "joined", incidentId: found.id };
}

function totalsOf(sides: readonly ReplaySide[]): ReplayTotals {
  const runs = sides.flatMap((side) => (side.kind === "incident" ? [side] : []));
  const resolveTimes = runs.flatMap((run) => (run.timeToResolveMs === null ? [] : [run.timeToResolveMs]));
  return {
    incidents: runs.length,
    actions: runs.reduce((sum, run) => sum + run.actions.length, 0),
    escalations: runs.filter((run) => run.escalation !== null).length,
    resolved: resolveTimes.length,
    meanTimeToResolveMs:
      resolveTimes.length === 0 ? null : resolveTimes.reduce((sum, ms) => sum + ms, 0) / resolveTimes.length,
  };
}

/**
 * Pairs the incidents of the recorded run and of the new one by the event that opened them, each as it
 * stood at `to`, and totals both runs.
 */
export function compareRuns(runs: RunsToCompare): Pick<ReplayReport, "incidents" | "summary"> {
  const { from, to, outcomes } = runs;
  const recorded = runs.recorded.filter((incident) => incident.openedAt >= from && incident.openedAt <= to);
  const openers = new Map<string, Incident>();
  for (const incident of [...recorded, ...runs.replayed]) {
    if (!openers.has(openingKey(incident))) openers.set(openingKey(incident), incident);
  }
  const incidents: ReplayIncident[] = [...openers.values()]
    .sort(
      (a, b) =>
        a.openedAt - b.openedAt || a.service.localeCompare(b.service) || a.pattern.localeCompare(b.pattern),
    )
    .map((opened) => ({
      service: opened.service,
      pattern: opened.pattern,
      symptom: opened.symptom,
      openedAt: opened.openedAt,
      recorded: sideOf(runs.recorded, opened, to, REAL_OUTCOMES),
      replayed: sideOf(runs.replayed, opened, to, outcomes),
    }));
  return {
    incidents,
    summary: {
      recorded: totalsOf(incidents.map((incident) => incident.recorded)),
      replayed: totalsOf(incidents.map((incident) => incident.replayed)),
    },
  };
}

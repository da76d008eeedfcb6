import type { Effect } from "../protocol/effect.js";
import type { Incident } from "../protocol/engine-state.js";
import type { IncidentHistory, OutcomeCounts } from "../protocol/incident-history.js";

/** Enough to fill a screen of recent incidents; the rest are paged over REST. */
export const RECENT_RESOLVED_LIMIT = 50;

export const EMPTY_HISTORY: IncidentHistory = {
  recentResolved: [],
  counts: { remediedAtStrike1: 0, remediedAtStrike2: 0, escalated: 0 },
};

function countResolved(counts: OutcomeCounts, incident: Incident): OutcomeCounts {
  if (incident.resolution !== "remedied") return counts;
  if (incident.strike === 1) return { ...counts, remediedAtStrike1: counts.remediedAtStrike1 + 1 };
  if (incident.strike === 2) return { ...counts, remediedAtStrike2: counts.remediedAtStrike2 + 1 };
  return counts;
}

/**
 * Folds a step's effects into the history, as the daemon and every stream client do, so all of them
 * agree on it; the same object comes back when no effect touched it.
 */
export function recordHistory(history: IncidentHistory, effects: readonly Effect[]): IncidentHistory {
  let { recentResolved, counts } = history;
  for (const effect of effects) {
    if (effect.type === "Escalate") counts = { ...counts, escalated: counts.escalated + 1 };
    if (effect.type !== "ArchiveIncident") continue;
    counts = countResolved(counts, effect.incident);
    recentResolved = [effect.incident, ...recentResolved].slice(0, RECENT_RESOLVED_LIMIT);
  }
  const isUnchanged = counts === history.counts && recentResolved === history.recentResolved;
  return isUnchanged ? history : { recentResolved, counts };
}

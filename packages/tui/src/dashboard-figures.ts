import type { EngineState } from "@orbt/core";

export type DashboardFigures = {
  readonly resolvedAtStrike1: number;
  readonly resolvedAtStrike2: number;
  readonly escalated: number;
  /** Remedied ÷ (remedied + escalated); null before any incident reached either end. */
  readonly successRate: number | null;
  readonly pendingEscalations: number;
};

export function computeDashboardFigures(state: EngineState): DashboardFigures {
  let resolvedAtStrike1 = 0;
  let resolvedAtStrike2 = 0;
  let escalated = 0;
  let pendingEscalations = 0;
  for (const incident of Object.values(state.incidents)) {
    if (incident.resolution === "remedied" && incident.strike === 1) resolvedAtStrike1 += 1;
    if (incident.resolution === "remedied" && incident.strike === 2) resolvedAtStrike2 += 1;
    if (incident.escalation !== null) escalated += 1;
    if (incident.state === "escalated") pendingEscalations += 1;
  }
  const decided = resolvedAtStrike1 + resolvedAtStrike2 + escalated;
  return {
    resolvedAtStrike1,
    resolvedAtStrike2,
    escalated,
    successRate: decided === 0 ? null : (resolvedAtStrike1 + resolvedAtStrike2) / decided,
    pendingEscalations,
  };
}

import type { EngineState, IncidentHistory } from "@orbt/core";

export type DashboardFigures = {
  readonly resolvedAtStrike1: number;
  readonly resolvedAtStrike2: number;
  readonly escalated: number;
  /** Remedied ÷ (remedied + escalated); null before any incident reached either end. */
  readonly successRate: number | null;
  readonly pendingEscalations: number;
};

/** Totals come from the history's counts, as resolved incidents are not all kept; pending ones are live. */
export function computeDashboardFigures(state: EngineState, history: IncidentHistory): DashboardFigures {
  const { remediedAtStrike1, remediedAtStrike2, escalated } = history.counts;
  const pendingEscalations = Object.values(state.incidents).filter(
    (incident) => incident.state === "escalated",
  ).length;
  const decided = remediedAtStrike1 + remediedAtStrike2 + escalated;
  return {
    resolvedAtStrike1: remediedAtStrike1,
    resolvedAtStrike2: remediedAtStrike2,
    escalated,
    successRate: decided === 0 ? null : (remediedAtStrike1 + remediedAtStrike2) / decided,
    pendingEscalations,
  };
}

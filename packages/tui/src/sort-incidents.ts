import type { EngineState, Incident, IncidentHistory } from "@orbt/core";

/** Live incidents, then the recently resolved ones, each newest first; the order of the Incidents screen. */
export function sortIncidents(state: EngineState, history: IncidentHistory): Incident[] {
  const rank = (incident: Incident) => (incident.state === "resolved" ? 1 : 0);
  return [...Object.values(state.incidents), ...history.recentResolved].sort(
    (a, b) => rank(a) - rank(b) || b.openedAt - a.openedAt || a.id.localeCompare(b.id),
  );
}

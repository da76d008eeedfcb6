import type { EngineState, Incident } from "@orbt/core";

/** Live incidents first, then newest first; the order of the Incidents screen. */
export function sortIncidents(state: EngineState): Incident[] {
  const rank = (incident: Incident) => (incident.state === "resolved" ? 1 : 0);
  return Object.values(state.incidents).sort(
    (a, b) => rank(a) - rank(b) || b.openedAt - a.openedAt || a.id.localeCompare(b.id),
  );
}

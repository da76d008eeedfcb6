import type { Incident } from "../protocol/engine-state.js";

/**
 * The incident of `service` and `pattern` that a symptom seen at `at` went to: the one it opened, else the
 * one live then, which it joined.
 */
export function findIncidentAt(
  incidents: Iterable<Incident>,
  service: string,
  pattern: string,
  at: number,
): Incident | undefined {
  let live: Incident | undefined;
  for (const incident of incidents) {
    if (incident.service !== service || incident.pattern !== pattern || incident.openedAt > at) continue;
    if (incident.openedAt === at) return incident;
    if (incident.resolvedAt === null || incident.resolvedAt > at) live = incident;
  }
  return live;
}

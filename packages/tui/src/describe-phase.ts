import type { Incident } from "@orbt/core";

/** Where an open incident's strike stands (`held` says why); escalated and resolved ones, their state. */
export function describePhase(incident: Incident): string {
  if (incident.state !== "open") return incident.state;
  const { phase } = incident;
  switch (phase.kind) {
    case "held":
      return `held (${phase.reason})`;
    case "awaiting_approval":
      return "awaiting approval";
    case "idle":
      return "open";
    default:
      return phase.kind;
  }
}

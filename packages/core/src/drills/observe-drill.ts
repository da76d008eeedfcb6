import type { Drill, DrillRail } from "../protocol/drill.js";
import type { Incident } from "../protocol/engine-state.js";

/** The rail holding the incident's action now, if one is. */
function railOf(incident: Incident): DrillRail | null {
  const { phase } = incident;
  if (phase.kind === "held") return phase.reason;
  if (phase.kind === "awaiting_approval") return "approval";
  if (phase.kind === "queued") return "queued";
  return incident.escalation?.reason === "action_budget" ? "action_budget" : null;
}

/**
 * A running drill as of `now`, given the incidents the engine holds (live and recently resolved): the first
 * incident of the drill's service opened after the injection detects the fault, its resolution repairs it,
 * and at the deadline whatever did not happen is recorded as not having happened.
 */
export function observeDrill(drill: Drill, incidents: readonly Incident[], now: number): Drill {
  const { injectedAt } = drill;
  if (drill.outcome !== "running" || injectedAt === null) return drill;
  const [incident] = incidents
    .filter(
      (each) =>
        each.service === drill.service && each.openedAt >= injectedAt && each.openedAt <= drill.deadlineAt,
    )
    .sort((a, b) => a.openedAt - b.openedAt);
  const isPastDeadline = now >= drill.deadlineAt;
  if (incident === undefined) {
    return isPastDeadline
      ? { ...drill, outcome: "not_detected", finishedAt: now, note: "no incident opened before the deadline" }
      : drill;
  }
  const detected: Drill = {
    ...drill,
    incidentId: incident.id,
    detectMs: incident.openedAt - injectedAt,
    heldBy: drill.heldBy ?? railOf(incident),
  };
  const { resolvedAt } = incident;
  if (resolvedAt !== null && resolvedAt <= drill.deadlineAt) {
    return {
      ...detected,
      repairMs: resolvedAt - injectedAt,
      resolution: incident.resolution,
      outcome: "repaired",
      finishedAt: now,
    };
  }
  if (!isPastDeadline) return detected;
  const held = detected.heldBy === null ? "" : `, held by ${detected.heldBy}`;
  return {
    ...detected,
    outcome: "not_repaired",
    finishedAt: now,
    note: `incident ${incident.id} not resolved before the deadline${held}`,
  };
}

import type { Incident } from "../../src/protocol/engine-state.js";

/** An incident opened at `openedAt`, open and acting unless `overrides` say otherwise. */
export function openIncident(
  overrides: Partial<Incident> & Pick<Incident, "id" | "service" | "openedAt">,
): Incident {
  return {
    pattern: "service_failures",
    symptom: "service_unavailable",
    state: "open",
    status: "RED",
    strike: 1,
    strikeStartedAt: overrides.openedAt,
    updatedAt: overrides.openedAt,
    resolvedAt: null,
    resolution: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    phase: { kind: "idle" },
    activeSources: ["check:http"],
    clearSince: null,
    actions: [],
    timeline: [],
    escalation: null,
    approvals: [],
    triggered: [],
    ...overrides,
  };
}

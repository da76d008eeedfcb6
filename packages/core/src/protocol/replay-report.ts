import { z } from "zod";
import { Action, Incident } from "./engine-state.js";
import { EscalationReason, IncidentId, ServiceName } from "./names.js";

/** Nothing runs during a replay: where the outcome of an action of the new run comes from. */
export const SimulatedOutcome = z.discriminatedUnion("basis", [
  /** The outcome and duration of this recorded action of the same solution. */
  z.object({ basis: z.literal("recorded"), actionId: z.string() }),
  /** The recording never ran the solution: assumed to succeed at once. */
  z.object({ basis: z.literal("assumed") }),
]);
export type SimulatedOutcome = z.infer<typeof SimulatedOutcome>;

export const ReplayAction = Action.pick({
  actionId: true,
  strike: true,
  solution: true,
  startedAt: true,
  outcome: true,
  verify: true,
}).extend({
  /** On the actions of the new run only. */
  simulated: SimulatedOutcome.optional(),
});
export type ReplayAction = z.infer<typeof ReplayAction>;

/** One run's incident as it stood at the end of the replay. */
export const ReplayIncidentRun = Incident.pick({
  state: true,
  resolution: true,
  /** The highest strike reached; 3 once escalated. */
  strike: true,
  resolvedAt: true,
}).extend({
  kind: z.literal("incident"),
  incidentId: IncidentId,
  actions: z.array(ReplayAction),
  escalation: z.object({ reason: EscalationReason, at: z.number() }).nullable(),
  timeToResolveMs: z.number().nullable(),
});
export type ReplayIncidentRun = z.infer<typeof ReplayIncidentRun>;

/**
 * What one run made of the symptom that opened an incident in either run: an incident of its own, a
 * live incident it joined, or none at all.
 */
export const ReplaySide = z.discriminatedUnion("kind", [
  ReplayIncidentRun,
  z.object({ kind: z.literal("joined"), incidentId: IncidentId }),
  z.object({ kind: z.literal("none") }),
]);
export type ReplaySide = z.infer<typeof ReplaySide>;

/** Incidents of the two runs paired by the journal event that opened them. */
export const ReplayIncident = z.object({
  service: ServiceName,
  pattern: z.string(),
  symptom: z.string(),
  openedAt: z.number(),
  /** What the daemon did, as recorded. */
  recorded: ReplaySide,
  /** What the config tried would do with the same outside events. */
  replayed: ReplaySide,
});
export type ReplayIncident = z.infer<typeof ReplayIncident>;

export const ReplayTotals = z.object({
  incidents: z.number().int().nonnegative(),
  actions: z.number().int().nonnegative(),
  escalations: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  /** Over the resolved incidents; null when none resolved. */
  meanTimeToResolveMs: z.number().nullable(),
});
export type ReplayTotals = z.infer<typeof ReplayTotals>;

/** `orbtd replay --json`: what was done then and what the new config would do now, per incident. */
export const ReplayReport = z.object({
  /** The replayed span of the journal, in ms; both runs end at `to`. */
  from: z.number(),
  to: z.number(),
  /** Journal events in the span, and how many of them were fed to the new run. */
  journalEvents: z.number().int().nonnegative(),
  replayedEvents: z.number().int().nonnegative(),
  /** The new run's actions by where their simulated outcome came from. */
  simulatedOutcomes: z.object({
    recorded: z.number().int().nonnegative(),
    assumed: z.number().int().nonnegative(),
  }),
  incidents: z.array(ReplayIncident),
  summary: z.object({ recorded: ReplayTotals, replayed: ReplayTotals }),
});
export type ReplayReport = z.infer<typeof ReplayReport>;

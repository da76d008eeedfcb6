import { z } from "zod";
import { Resolution } from "./engine-state.js";
import { ServiceName } from "./names.js";

/**
 * How a drill ended. `running` until then; `not_injected` when the fault command failed, so nothing was
 * tested; `interrupted` when the daemon stopped first. Only drills that injected their fault and ran to
 * their end (`repaired`, `not_repaired`, `not_detected`) count towards monitoring effectiveness.
 */
export const DrillOutcome = z.enum([
  "running",
  "repaired",
  "not_repaired",
  "not_detected",
  "not_injected",
  "interrupted",
]);
export type DrillOutcome = z.infer<typeof DrillOutcome>;

/** A rail that held the ladder during a drill: a hold reason, an approval, the concurrency queue, the budget. */
export const DrillRail = z.enum([
  "maintenance",
  "paused",
  "flapping",
  "silenced",
  "approval",
  "queued",
  "action_budget",
]);
export type DrillRail = z.infer<typeof DrillRail>;

/** A quality-control drill: a configured fault injected into a service, and how the real ladder met it. */
export const Drill = z.object({
  id: z.string().min(1),
  service: ServiceName,
  fault: z.string().min(1),
  /** Who ran it: an operator's token name, or `schedule`. */
  by: z.string().min(1),
  startedAt: z.number(),
  /** When the fault command started; null until then, and when it never ran. */
  injectedAt: z.number().nullable(),
  /** After it, a fault not detected is recorded `not_detected`, one not repaired `not_repaired`. */
  deadlineAt: z.number(),
  /** The first incident of the service opened after the injection. */
  incidentId: z.string().nullable(),
  /** Fault injected → incident opened. */
  detectMs: z.number().nonnegative().nullable(),
  /** Fault injected → incident resolved. */
  repairMs: z.number().nonnegative().nullable(),
  resolution: Resolution.nullable(),
  /** The first rail seen holding the incident's action; the drill never goes around one. */
  heldBy: DrillRail.nullable(),
  outcome: DrillOutcome,
  finishedAt: z.number().nullable(),
  /** One line: what the fault or its restore command said when it failed, or why the drill stopped. */
  note: z.string(),
});
export type Drill = z.infer<typeof Drill>;

/** Over a window: faults detected ÷ faults injected, with the mean times of the drills that got there. */
export const DrillSummary = z.object({
  drills_run: z.number().int().nonnegative(),
  faults_injected: z.number().int().nonnegative(),
  faults_detected: z.number().int().nonnegative(),
  faults_repaired: z.number().int().nonnegative(),
  /** detected ÷ injected, 0 to 1; null when no fault was injected. */
  monitoring_effectiveness: z.number().min(0).max(1).nullable(),
  mean_time_to_detect_ms: z.number().nonnegative().nullable(),
  mean_time_to_repair_ms: z.number().nonnegative().nullable(),
  /** Drills whose action a safety rail held. */
  held_by_rails: z.number().int().nonnegative(),
});
export type DrillSummary = z.infer<typeof DrillSummary>;

/** `POST /api/v1/drills`: `fault` may be left out when the service has exactly one. */
export const RunDrillRequest = z.strictObject({ service: ServiceName, fault: z.string().min(1).optional() });
export type RunDrillRequest = z.infer<typeof RunDrillRequest>;

export const DrillResponse = z.object({ drill: Drill });
export type DrillResponse = z.infer<typeof DrillResponse>;

export const DrillsResponse = z.object({ drills: z.array(Drill), summary: DrillSummary });
export type DrillsResponse = z.infer<typeof DrillsResponse>;

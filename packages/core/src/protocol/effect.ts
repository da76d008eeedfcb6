import { z } from "zod";
import { Incident } from "./engine-state.js";
import {
  DeployVersion,
  EscalationReason,
  IncidentId,
  KnowledgeScale,
  Platform,
  RemedyTool,
  ServiceName,
} from "./names.js";

export const RunRemedy = z.object({
  type: z.literal("RunRemedy"),
  incidentId: IncidentId,
  actionId: z.string(),
  dprId: z.string(),
  strike: z.union([z.literal(1), z.literal(2)]),
  remedyIndex: z.number().int().nonnegative(),
  solution: z.string(),
  tool: RemedyTool,
  service: ServiceName,
  /** Record the action with its argv or URL, never execute it. */
  isDryRun: z.boolean(),
  /** For `rollback_to_stable`: the service's last version that stayed healthy after its deploy, when known. */
  rollbackVersion: DeployVersion.optional(),
});
export type RunRemedy = z.infer<typeof RunRemedy>;

/**
 * Probe the incident's symptom once more before acting, and answer with `SymptomRechecked`: a source
 * that cannot be probed again counts as present while it is among `sources`.
 */
export const RecheckSymptom = z.object({
  type: z.literal("RecheckSymptom"),
  incidentId: IncidentId,
  service: ServiceName,
  pattern: z.string(),
  /** The sources that hold the symptom active. */
  sources: z.array(z.string()),
});
export type RecheckSymptom = z.infer<typeof RecheckSymptom>;

/** The strike budget ran out while the remedy was still running. */
export const CancelRemedy = z.object({
  type: z.literal("CancelRemedy"),
  incidentId: IncidentId,
  actionId: z.string(),
});
export type CancelRemedy = z.infer<typeof CancelRemedy>;

export const Escalate = z.object({
  type: z.literal("Escalate"),
  incidentId: IncidentId,
  escalationId: z.string(),
  reason: EscalationReason,
});
export type Escalate = z.infer<typeof Escalate>;

/** Train: one remedy outcome to add to the knowledge base. */
export const RecordOutcome = z.object({
  type: z.literal("RecordOutcome"),
  pattern: z.string(),
  platform: Platform,
  scale: KnowledgeScale,
  solution: z.string(),
  isSuccess: z.boolean(),
  /** A success's time to recover: from the incident's opening to its symptom clearing; null for a failure. */
  recoveryMs: z.number().nonnegative().nullable(),
});
export type RecordOutcome = z.infer<typeof RecordOutcome>;

/**
 * The incident was resolved and has left the engine state, which keeps live incidents only: store it
 * as it ended, for history and REST.
 */
export const ArchiveIncident = z.object({
  type: z.literal("ArchiveIncident"),
  incident: Incident,
});
export type ArchiveIncident = z.infer<typeof ArchiveIncident>;

export const Effect = z.discriminatedUnion("type", [
  RunRemedy,
  RecheckSymptom,
  CancelRemedy,
  Escalate,
  RecordOutcome,
  ArchiveIncident,
]);
export type Effect = z.infer<typeof Effect>;

import { z } from "zod";
import { KnowledgeEntry } from "./engine-state.js";
import {
  DeployStatus,
  DeployVersion,
  HealthKind,
  IncidentId,
  OperatorName,
  OperatorNoteText,
  ServiceName,
  ServiceScale,
  SlaObjective,
} from "./names.js";
import { SilenceSpec } from "./silence.js";
import { SymptomSeen } from "./symptom-seen.js";

export { SymptomSeen } from "./symptom-seen.js";

export const SymptomCleared = z.object({
  type: z.literal("SymptomCleared"),
  service: ServiceName,
  pattern: z.string().min(1),
  source: z.string().min(1),
});
export type SymptomCleared = z.infer<typeof SymptomCleared>;

export const RemedyFinished = z.object({
  type: z.literal("RemedyFinished"),
  incidentId: IncidentId,
  actionId: z.string().min(1),
  ok: z.boolean(),
  exitCode: z.number().int().nullable(), // null: killed at its timeout, never exited
  durationMs: z.number().int().nonnegative(),
  isTimedOut: z.boolean(),
  output: z.string().optional(),
});
export type RemedyFinished = z.infer<typeof RemedyFinished>;

/** Found at start-up: the action's intent was committed but the daemon died before its outcome. */
export const RemedyInterrupted = z.object({
  type: z.literal("RemedyInterrupted"),
  incidentId: IncidentId,
  actionId: z.string().min(1),
});
export type RemedyInterrupted = z.infer<typeof RemedyInterrupted>;

/** Who did it, and what they wrote: carried by every operator's event. */
const operatorFields = { by: OperatorName, note: OperatorNoteText.optional() };

export const IncidentAcknowledged = z.object({
  type: z.literal("IncidentAcknowledged"),
  incidentId: IncidentId,
  ...operatorFields,
});
export type IncidentAcknowledged = z.infer<typeof IncidentAcknowledged>;

export const IncidentResolvedByOperator = z.object({
  type: z.literal("IncidentResolvedByOperator"),
  incidentId: IncidentId,
  ...operatorFields,
});
export type IncidentResolvedByOperator = z.infer<typeof IncidentResolvedByOperator>;

/**
 * A service pushed its own health. `failing` is a symptom acted on at once, `ok` clears it, and a
 * service missing from the config is registered as discovered.
 */
export const HealthReported = z.object({
  type: z.literal("HealthReported"),
  service: ServiceName,
  status: z.enum(["ok", "degraded", "failing"]),
  detail: z.string().max(2000).optional(),
  kind: HealthKind.optional(),
});
export type HealthReported = z.infer<typeof HealthReported>;

/**
 * A deploy tool reported a deploy of a service: `started` puts the service in Build mode until the deploy
 * ends or times out; `failed` is a `build_failures` symptom; `succeeded` clears the deploy's symptoms and
 * makes its version the rollback target once the service stayed healthy for the verify window.
 */
export const DeployReported = z.object({
  type: z.literal("DeployReported"),
  service: ServiceName,
  version: DeployVersion,
  status: DeployStatus,
  detail: z.string().max(2000).optional(),
});
export type DeployReported = z.infer<typeof DeployReported>;

/**
 * The answer to `RecheckSymptom`: whether the incident's symptom was still there when probed again, just
 * before acting.
 */
export const SymptomRechecked = z.object({
  type: z.literal("SymptomRechecked"),
  incidentId: IncidentId,
  isPresent: z.boolean(),
});
export type SymptomRechecked = z.infer<typeof SymptomRechecked>;

/** An operator let the remedy awaiting approval run: it goes on through the rails and acts. */
export const ActionApproved = z.object({
  type: z.literal("ActionApproved"),
  incidentId: IncidentId,
  ...operatorFields,
});
export type ActionApproved = z.infer<typeof ActionApproved>;

/** An operator refused the remedy awaiting approval: its strike fails and the ladder goes on. */
export const ActionDenied = z.object({
  type: z.literal("ActionDenied"),
  incidentId: IncidentId,
  ...operatorFields,
});
export type ActionDenied = z.infer<typeof ActionDenied>;

/** An operator silenced the symptoms its matchers match, from `startsAt` to `endsAt`. */
export const SilenceCreated = z.object({ type: z.literal("SilenceCreated"), silence: SilenceSpec });
export type SilenceCreated = z.infer<typeof SilenceCreated>;

/** An operator ended a silence before its end; it stays listed, expired, for audit. */
export const SilenceExpired = z.object({
  type: z.literal("SilenceExpired"),
  silenceId: z.string().min(1).max(64),
  by: OperatorName,
});
export type SilenceExpired = z.infer<typeof SilenceExpired>;

/**
 * A maintenance window of the config opened: actions on these services are held, and escalations of
 * them not sent, until `endsAt`.
 */
export const MaintenanceStarted = z.object({
  type: z.literal("MaintenanceStarted"),
  services: z.array(ServiceName).min(1),
  endsAt: z.number(),
});
export type MaintenanceStarted = z.infer<typeof MaintenanceStarted>;

/** The kill switch: no new action starts until `AutomationResumed`; running ones finish. */
export const AutomationPaused = z.object({ type: z.literal("AutomationPaused"), ...operatorFields });
export type AutomationPaused = z.infer<typeof AutomationPaused>;

export const AutomationResumed = z.object({ type: z.literal("AutomationResumed"), ...operatorFields });
export type AutomationResumed = z.infer<typeof AutomationResumed>;

/** A service's scale, measured from its request rate: outcomes on it are learned at this scale from now. */
export const ServiceScaleMeasured = z.object({
  type: z.literal("ServiceScaleMeasured"),
  service: ServiceName,
  scale: ServiceScale,
});
export type ServiceScaleMeasured = z.infer<typeof ServiceScaleMeasured>;

/** Knowledge rows from an export were merged in: counts add up, each row keeps its provenance. */
export const KnowledgeImported = z.object({
  type: z.literal("KnowledgeImported"),
  entries: z.array(KnowledgeEntry),
  by: OperatorName,
});
export type KnowledgeImported = z.infer<typeof KnowledgeImported>;
/**
 * The daemon measured a service's SLA burn rate on one objective over the `SLA_breach` trigger's two
 * windows; it reports a measurement when it crosses the trigger's threshold either way.
 */
export const SlaBurnMeasured = z.object({
  type: z.literal("SlaBurnMeasured"),
  service: ServiceName,
  objective: SlaObjective,
  longBurn: z.number().nonnegative(),
  shortBurn: z.number().nonnegative(),
});
export type SlaBurnMeasured = z.infer<typeof SlaBurnMeasured>;

/** Time passed: lets verify windows and strike budgets run out without any other signal. */
export const Tick = z.object({ type: z.literal("Tick") });
export type Tick = z.infer<typeof Tick>;

export const EngineEvent = z.discriminatedUnion("type", [
  SymptomSeen,
  SymptomCleared,
  RemedyFinished,
  RemedyInterrupted,
  IncidentAcknowledged,
  IncidentResolvedByOperator,
  HealthReported,
  DeployReported,
  SymptomRechecked,
  AutomationPaused,
  AutomationResumed,
  ServiceScaleMeasured,
  KnowledgeImported,
  ActionApproved,
  ActionDenied,
  SilenceCreated,
  SilenceExpired,
  MaintenanceStarted,
  SlaBurnMeasured,
  Tick,
]);
export type EngineEvent = z.infer<typeof EngineEvent>;

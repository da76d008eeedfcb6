import { z } from "zod";
import { ErrorPattern } from "./error-pattern.js";
import {
  ApprovalDecision,
  AutomationMode,
  Criticality,
  DeployVersion,
  Environment,
  EscalationReason,
  EscalationTrigger,
  HoldReason,
  IncidentId,
  KnowledgePlatform,
  KnowledgeScale,
  OperatorName,
  OperatorNoteText,
  Platform,
  RemedyTool,
  ServiceName,
  ServiceScale,
  ServiceStatus,
  SlaObjective,
} from "./names.js";
import { Silence } from "./silence.js";
import { SymptomSeen } from "./symptom-seen.js";

export const RemedyPlan = z.object({
  solution: z.string().min(1),
  service: ServiceName.nullable(), // null: applies to any service
  tool: RemedyTool,
  timeoutMs: z.number().int().positive(),
  verifyForMs: z.number().int().positive().nullable(), // null: the service's default
  /** Recorded as `would_run`, never executed, whatever the automation mode. */
  isDryRun: z.boolean(),
  /** Waits in `awaiting_approval` for an operator before it runs; absent: runs without asking. */
  isApprovalRequired: z.boolean().optional(),
});
export type RemedyPlan = z.infer<typeof RemedyPlan>;

const positiveInteger = z.number().int().positive();

/** The rails every action passes, counted across incidents. */
export const AutomationSettings = z.object({
  mode: AutomationMode,
  /** After an action of a remedy on a service, that remedy may not run there again for this long; 0: never held. */
  cooldownMs: z.number().int().nonnegative(),
  /** At most `count` actions of one remedy on one service within `windowMs`. */
  maxRuns: z.object({ count: positiveInteger, windowMs: positiveInteger }),
  /** At most `actions` actions in all within `windowMs`; past it an incident escalates instead. */
  budget: z.object({ actions: positiveInteger, windowMs: positiveInteger }),
  /** Actions running at once, per service and in all; past either an incident waits, `queued`. */
  concurrency: z.object({ perService: positiveInteger, total: positiveInteger }),
  /** A service whose symptom came or went `changes` times within `windowMs` is flapping: held, not acted on. */
  flapping: z.object({ changes: positiveInteger, windowMs: positiveInteger }),
  /** A remedy awaiting approval this long without an answer counts as denied. */
  approvalTimeoutMs: positiveInteger,
});
export type AutomationSettings = z.infer<typeof AutomationSettings>;

/** How deploys are watched. */
export const DeploySettings = z.object({
  /** A deploy `started` and not ended within this long is a `deployment_timeouts` symptom. */
  timeoutMs: positiveInteger,
  /**
   * A `succeeded` deploy's version becomes the rollback target once the service stayed healthy this long;
   * a failing check within it is an `environment_misconfigurations` symptom.
   */
  verifyForMs: positiveInteger,
});
export type DeploySettings = z.infer<typeof DeploySettings>;

/**
 * The escalation triggers, each null when turned off. They watch every live incident, whatever its pattern
 * and strike, and each pages once per incident.
 */
export const TriggerSettings = z.object({
  /** Multi-window burn rate: both windows burn the SLA's error budget at least `burnRate` times too fast. */
  SLA_breach: z
    .object({
      burnRate: z.number().positive(),
      longWindowMs: positiveInteger,
      shortWindowMs: positiveInteger,
    })
    .nullable(),
  /** A service down (a live `uptime_problems` incident still failing) longer than `maxDowntimeMs`. */
  extended_downtime: z.object({ maxDowntimeMs: positiveInteger }).nullable(),
  /** `count` failed or timed-out deploys of one service within `windowMs`. */
  repeated_deployment_failures: z.object({ count: positiveInteger, windowMs: positiveInteger }).nullable(),
  /** `services` services, or a service and all its dependents, starting to fail within `windowMs`. */
  cascading_system_failure: z.object({ services: positiveInteger, windowMs: positiveInteger }).nullable(),
  /** A `criticality: critical` service fails, outside prod. */
  business_critical_service_failure: z.object({}).nullable(),
  /** A `criticality: critical` service fails in prod. */
  critical_production_outage: z.object({}).nullable(),
});
export type TriggerSettings = z.infer<typeof TriggerSettings>;

export const EscalationSettings = z.object({ triggers: TriggerSettings });
export type EscalationSettings = z.infer<typeof EscalationSettings>;

export const EngineSettings = z.object({
  project: z.string().min(1),
  environment: Environment,
  strike1TimeoutMs: z.number().int().positive(),
  strike2TimeoutMs: z.number().int().positive(),
  remedies: z.array(RemedyPlan),
  /** The catalog the engine looks an incident's pattern up in, for the solutions its strikes may run. */
  patterns: z.array(ErrorPattern).readonly(),
  automation: AutomationSettings,
  deploys: DeploySettings,
  escalation: EscalationSettings,
});
export type EngineSettings = z.infer<typeof EngineSettings>;

export const ServiceState = z.object({
  name: ServiceName,
  platform: Platform,
  isDiscovered: z.boolean(),
  verifyForMs: z.number().int().positive(),
  /** The services it needs: one of them down while its own checks fail is a `dependency_issues` symptom. */
  dependsOn: z.array(ServiceName),
  /** Set in config or measured from its request rate; absent while unknown, when knowledge counts it as `any`. */
  scale: ServiceScale.optional(),
  /** Absent: `medium`. */
  criticality: Criticality.optional(),
  /** What the service promises: availability as a percentage of good probes, and a p99 latency. */
  sla: z
    .object({
      availabilityPercent: z.number().gt(0).lt(100).nullable(),
      latencyP99Ms: positiveInteger.nullable(),
    })
    .optional(),
  /** What an hour of the service down costs, in the operator's currency. */
  costPerHourDown: z.number().nonnegative().optional(),
});
export type ServiceState = z.infer<typeof ServiceState>;

export const ActionOutcome = z.enum([
  "running",
  "succeeded",
  "failed",
  "timed_out",
  "interrupted",
  "cancelled",
  "would_run", // a dry run: recorded, never executed
]);
export type ActionOutcome = z.infer<typeof ActionOutcome>;

export const VerifyVerdict = z.enum(["pending", "passed", "failed"]);
export type VerifyVerdict = z.infer<typeof VerifyVerdict>;

export const Action = z.object({
  actionId: z.string(),
  dprId: z.string(),
  strike: z.union([z.literal(1), z.literal(2)]),
  solution: z.string(),
  tool: RemedyTool,
  remedyIndex: z.number().int().nonnegative(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  outcome: ActionOutcome,
  exitCode: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  verify: VerifyVerdict.nullable(),
  /** The end of what the remedy printed or answered, once it finished. */
  outputTail: z.string().optional(),
});
export type Action = z.infer<typeof Action>;

export const TimelineEntry = z.object({
  at: z.number(),
  kind: z.string(),
  message: z.string(),
  dprId: z.string().optional(),
  /** The operator's note on an `acknowledged` or operator `resolved` entry. */
  note: OperatorNoteText.optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const IncidentPhase = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("running"), actionId: z.string() }),
  /** `actionId` null: the symptom was found cleared just before acting, so nothing ran. */
  z.object({ kind: z.literal("verifying"), actionId: z.string().nullable(), remedyEndedAt: z.number() }),
  /** The symptom is probed once more before `remedyIndex` runs. */
  z.object({ kind: z.literal("rechecking"), remedyIndex: z.number().int().nonnegative(), since: z.number() }),
  /** Concurrency is full: the strike acts once a running action ends, or fails at its budget. */
  z.object({ kind: z.literal("queued"), since: z.number() }),
  /**
   * The remedy `remedyIndex` waits for an operator to approve or deny it; the strike budget stops meanwhile
   * and starts afresh once it is approved, and no answer within the approval timeout counts as denied.
   */
  z.object({
    kind: z.literal("awaiting_approval"),
    remedyIndex: z.number().int().nonnegative(),
    solution: z.string(),
    since: z.number(),
  }),
  /** No action while the reason lasts; the strike budget still runs. */
  z.object({ kind: z.literal("held"), reason: HoldReason, since: z.number() }),
  z.object({ kind: z.literal("idle") }),
]);
export type IncidentPhase = z.infer<typeof IncidentPhase>;

/** An answer to a remedy awaiting approval: who gave it (null when it timed out), when, and why. */
export const Approval = z.object({
  strike: z.union([z.literal(1), z.literal(2)]),
  remedyIndex: z.number().int().nonnegative(),
  solution: z.string(),
  decision: ApprovalDecision,
  by: OperatorName.nullable(),
  at: z.number(),
  note: OperatorNoteText.nullable(),
});
export type Approval = z.infer<typeof Approval>;
/** An escalation of an incident: the ladder's own, or a trigger's page. */
export const IncidentEscalation = z.object({
  escalationId: z.string(),
  reason: EscalationReason,
  at: z.number(),
});
export type IncidentEscalation = z.infer<typeof IncidentEscalation>;

export const IncidentState = z.enum(["open", "escalated", "resolved"]);
export type IncidentState = z.infer<typeof IncidentState>;

export const Resolution = z.enum(["remedied", "self_recovered", "operator"]);
export type Resolution = z.infer<typeof Resolution>;

export const Incident = z.object({
  id: IncidentId,
  service: ServiceName,
  pattern: z.string(),
  symptom: z.string(),
  state: IncidentState,
  status: ServiceStatus,
  strike: z.number().int().min(0).max(3),
  strikeStartedAt: z.number().nullable(),
  openedAt: z.number(),
  updatedAt: z.number(),
  resolvedAt: z.number().nullable(),
  resolution: Resolution.nullable(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  phase: IncidentPhase,
  activeSources: z.array(z.string()),
  clearSince: z.number().nullable(), // when the last active source cleared
  actions: z.array(Action),
  timeline: z.array(TimelineEntry),
  /** Answers to its remedies awaiting approval, oldest first; stored incidents from before approvals have none. */
  approvals: z.array(Approval).default([]),
  escalation: IncidentEscalation.nullable(),
  /** The triggers that paged for it, each once; the ladder went on. */
  triggered: z
    .array(z.object({ trigger: EscalationTrigger, escalationId: z.string(), at: z.number() }))
    .default([]),
});
export type Incident = z.infer<typeof Incident>;

/** Where a knowledge row came from: the pattern catalog, this daemon's own outcomes, or an import. */
export const KnowledgeProvenance = z.enum(["catalog", "learned", "imported"]);
export type KnowledgeProvenance = z.infer<typeof KnowledgeProvenance>;

/** What an operator wrote on resolving an incident, kept with the remedy last tried for it. */
export const KnowledgeLesson = z.strictObject({
  at: z.number(),
  by: OperatorName,
  note: OperatorNoteText,
  incidentId: IncidentId.nullable(),
});
export type KnowledgeLesson = z.infer<typeof KnowledgeLesson>;

/** Lessons kept per row, newest first. */
export const LESSONS_KEPT = 10;
/** Recovery times kept per row, oldest first, for an honest p90 of the recent ones. */
export const RECOVERIES_KEPT = 50;

/** What is known of one solution to one pattern on a platform at a scale. Strict: an import names every field right. */
export const KnowledgeEntry = z
  .strictObject({
    pattern: z.string().min(1),
    solution: z.string().min(1),
    platform: KnowledgePlatform,
    scale: KnowledgeScale,
    tries: z.number().int().nonnegative(),
    successes: z.number().int().nonnegative(),
    /** Over the successes: from the incident's opening to its symptom clearing for good. */
    meanRecoveryMs: z.number().nonnegative().nullable(),
    p90RecoveryMs: z.number().nonnegative().nullable(),
    recentRecoveryMs: z.array(z.number().nonnegative()).max(RECOVERIES_KEPT),
    lastOutcome: z.enum(["succeeded", "failed"]).nullable(),
    lastAt: z.number().nullable(),
    lessons: z.array(KnowledgeLesson).max(LESSONS_KEPT),
    provenance: KnowledgeProvenance,
  })
  .refine((entry) => entry.successes <= entry.tries, {
    message: "successes cannot exceed tries",
    path: ["successes"],
  });
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;

/** How specific the evidence behind a ranked row is: its exact scale, any scale on its platform, any platform. */
export const KnowledgeBasis = z.enum(["exact", "platform", "pattern"]);
export type KnowledgeBasis = z.infer<typeof KnowledgeBasis>;

/** A solution's evidence for a (pattern, platform, scale), and its score: best first. */
export const RankedKnowledge = z.object({
  entry: KnowledgeEntry,
  score: z.number(),
  basis: KnowledgeBasis,
});
export type RankedKnowledge = z.infer<typeof RankedKnowledge>;

/** The kill switch: paused, no new action starts; who flipped it last, when, and why. */
export const AutomationState = z.object({
  isPaused: z.boolean(),
  changedBy: OperatorName.nullable(),
  changedAt: z.number().nullable(),
  note: OperatorNoteText.nullable(),
});
export type AutomationState = z.infer<typeof AutomationState>;

/** An action started, or recorded as `would_run`: what cooldowns, max runs and the budget count. */
export const ActionLogEntry = z.object({
  remedyIndex: z.number().int().nonnegative(),
  service: ServiceName,
  at: z.number(),
});
export type ActionLogEntry = z.infer<typeof ActionLogEntry>;

/** A service's latest deploy, and the last version that stayed healthy after one. */
export const ServiceDeploy = z.object({
  version: DeployVersion,
  /** `timed_out`: started, and not ended within the deploy timeout. */
  status: z.enum(["started", "succeeded", "failed", "timed_out"]),
  /** When the status was reported (or, for `timed_out`, reached). */
  at: z.number(),
  /** A succeeded deploy's verify window: pending, passed (its version is now stable) or failed; else null. */
  verify: VerifyVerdict.nullable(),
  /** The rollback target: the last version that stayed healthy for the verify window after its deploy. */
  stableVersion: DeployVersion.nullable(),
});
export type ServiceDeploy = z.infer<typeof ServiceDeploy>;

/** How often a service's symptom came and went lately, and whether it flaps. */
export const ServiceFlapping = z.object({
  /** When its symptom appeared or cleared, oldest first, within the flapping window. */
  changes: z.array(z.number()),
  /** Flapping since then; null while it does not flap. */
  since: z.number().nullable(),
  /** The one incident its symptoms join while it flaps, escalated with reason `flapping`. */
  incidentId: IncidentId.nullable(),
});
export type ServiceFlapping = z.infer<typeof ServiceFlapping>;
/**
 * A service's SLA burn rate on one objective as last measured: how many times faster than the SLA allows
 * the error budget burned over the long and the short window.
 */
export const SlaBurn = z.object({
  service: ServiceName,
  objective: SlaObjective,
  longBurn: z.number().nonnegative(),
  shortBurn: z.number().nonnegative(),
  at: z.number(),
});
export type SlaBurn = z.infer<typeof SlaBurn>;

export const EngineState = z.object({
  settings: EngineSettings,
  services: z.record(z.string(), ServiceState),
  incidents: z.record(z.string(), Incident),
  knowledge: z.record(z.string(), KnowledgeEntry),
  /** Per service that reported a deploy. */
  deploys: z.record(z.string(), ServiceDeploy),
  nextIncidentNumber: z.number().int().positive(),
  automation: AutomationState,
  /** Oldest first, across incidents; entries older than every rail's window are dropped. */
  actionLog: z.array(ActionLogEntry),
  /** By id: pending and active silences, and the latest expired ones, kept for audit. */
  silences: z.record(z.string(), Silence),
  /** Symptoms a silence holds back, still active: raised when no silence matches them any more. */
  silencedSymptoms: z.array(SymptomSeen),
  /** Per service in a maintenance window: when it opened and ends. Windows are dropped once over. */
  maintenance: z.record(z.string(), z.object({ startedAt: z.number(), endsAt: z.number() })),
  /** Escalations held back while their service was in maintenance, sent when its window ends. */
  deferredEscalations: z.array(
    z.object({ incidentId: IncidentId, escalationId: z.string(), reason: EscalationReason }),
  ),
  /** Per service whose symptom changed state within the flapping window. */
  flapping: z.record(z.string(), ServiceFlapping),
  /** Per service, when its recent deploys failed or timed out, oldest first, within the trigger's window. */
  deployFailures: z.record(z.string(), z.array(z.number())),
  /** Per `service/objective`, the latest burn rates the daemon measured. */
  slaBurns: z.record(z.string(), SlaBurn),
});
export type EngineState = z.infer<typeof EngineState>;

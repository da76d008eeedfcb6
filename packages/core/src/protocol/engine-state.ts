import { z } from "zod";
import { ErrorPattern } from "./error-pattern.js";
import {
  Environment,
  EscalationReason,
  IncidentId,
  OperatorNoteText,
  Platform,
  RemedyTool,
  ServiceName,
  ServiceStatus,
} from "./names.js";

export const RemedyPlan = z.object({
  solution: z.string().min(1),
  service: ServiceName.nullable(), // null: applies to any service
  tool: RemedyTool,
  timeoutMs: z.number().int().positive(),
  verifyForMs: z.number().int().positive().nullable(), // null: the service's default
});
export type RemedyPlan = z.infer<typeof RemedyPlan>;

export const EngineSettings = z.object({
  project: z.string().min(1),
  environment: Environment,
  strike1TimeoutMs: z.number().int().positive(),
  strike2TimeoutMs: z.number().int().positive(),
  remedies: z.array(RemedyPlan),
  /** The catalog the engine looks an incident's pattern up in, for the solutions its strikes may run. */
  patterns: z.array(ErrorPattern).readonly(),
});
export type EngineSettings = z.infer<typeof EngineSettings>;

export const ServiceState = z.object({
  name: ServiceName,
  platform: Platform,
  isDiscovered: z.boolean(),
  verifyForMs: z.number().int().positive(),
});
export type ServiceState = z.infer<typeof ServiceState>;

export const ActionOutcome = z.enum([
  "running",
  "succeeded",
  "failed",
  "timed_out",
  "interrupted",
  "cancelled",
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
  z.object({ kind: z.literal("verifying"), actionId: z.string(), remedyEndedAt: z.number() }),
  z.object({ kind: z.literal("idle") }),
]);
export type IncidentPhase = z.infer<typeof IncidentPhase>;

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
  escalation: z.object({ escalationId: z.string(), reason: EscalationReason, at: z.number() }).nullable(),
});
export type Incident = z.infer<typeof Incident>;

export const KnowledgeEntry = z.object({
  pattern: z.string(),
  platform: z.string(),
  solution: z.string(),
  tries: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  lastUsedAt: z.number().nullable(),
});
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;

export const EngineState = z.object({
  settings: EngineSettings,
  services: z.record(z.string(), ServiceState),
  incidents: z.record(z.string(), Incident),
  knowledge: z.record(z.string(), KnowledgeEntry),
  nextIncidentNumber: z.number().int().positive(),
});
export type EngineState = z.infer<typeof EngineState>;

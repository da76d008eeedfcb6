import { z } from "zod";
import { Resolution } from "./engine-state.js";
import { EscalationReport, UrgencyLevel } from "./escalation-report.js";
import { Environment, EscalationReason, IncidentId, ServiceName } from "./names.js";

/** What happened to an incident that people are told of; routes pick receivers by it. */
export const NotificationKind = z.enum([
  "opened",
  "action_taken",
  "awaiting_approval",
  "escalated",
  "resolved",
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/**
 * One thing to tell people about an incident, read off an engine step. Fields that belong to one kind
 * only are null on the others.
 */
export const Notification = z.object({
  kind: NotificationKind,
  incidentId: IncidentId,
  project: z.string(),
  environment: Environment,
  service: ServiceName,
  pattern: z.string(),
  symptom: z.string(),
  urgency: UrgencyLevel,
  /** When it happened (ms since the epoch): the time of the engine step. */
  at: z.number(),
  openedAt: z.number(),
  /** The incident's strike after the step: 0 before any, 3 once escalated. */
  strike: z.number().int().min(0).max(3),
  /** One line, plain text, no links: what chat messages, e-mail subjects and pages show. */
  summary: z.string(),
  /** `action_taken`: the action started. */
  actionId: z.string().nullable(),
  dprId: z.string().nullable(),
  solution: z.string().nullable(),
  /** `escalated`: the escalation, why, and the handoff report a human works from. */
  escalationId: z.string().nullable(),
  reason: EscalationReason.nullable(),
  report: EscalationReport.nullable(),
  /** `resolved`: how it ended and when. */
  resolution: Resolution.nullable(),
  resolvedAt: z.number().nullable(),
});
export type Notification = z.infer<typeof Notification>;

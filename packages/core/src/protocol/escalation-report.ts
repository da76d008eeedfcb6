import { z } from "zod";

export const AttemptedSolution = z.object({
  dpr_id: z.string(),
  solution: z.string(),
  strike: z.number().int(),
  outcome: z.string(),
  verify: z.string().nullable(),
  exit_code: z.number().int().nullable(),
  duration_ms: z.number().int().nullable(),
});
export type AttemptedSolution = z.infer<typeof AttemptedSolution>;

export const UrgencyLevel = z.enum(["critical", "high", "medium", "low"]);
export type UrgencyLevel = z.infer<typeof UrgencyLevel>;

/** The handoff bundle for a human at strike 3; also the escalation webhook's POST body. */
export const EscalationReport = z.object({
  escalation_id: z.string(),
  incident_id: z.string(),
  project: z.string(),
  environment: z.string(),
  domain: z.literal("platform"),
  issue_type: z.string(),
  pattern: z.string(),
  symptom: z.string(),
  reason: z.string(),
  business_impact: z.string(),
  affected_services: z.array(z.string()),
  attempted_solutions: z.array(AttemptedSolution),
  recommendations: z.array(z.string()),
  alternative_approaches: z.array(z.string()),
  recovery_time_estimate: z.string(),
  urgency_level: UrgencyLevel,
  opened_at: z.string(),
  escalated_at: z.string(),
});
export type EscalationReport = z.infer<typeof EscalationReport>;

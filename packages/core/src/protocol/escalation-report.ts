import { z } from "zod";
import { ApprovalDecision } from "./names.js";

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

/** An answer to a remedy awaiting approval, as the report tells it: `by` is null when it timed out. */
export const ReportedApproval = z.object({
  decision: ApprovalDecision,
  by: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  solution: z.string(),
  strike: z.number().int(),
});
export type ReportedApproval = z.infer<typeof ReportedApproval>;

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
  /** Reports stored before approvals existed have none. */
  approvals: z.array(ReportedApproval).default([]),
  recommendations: z.array(z.string()),
  alternative_approaches: z.array(z.string()),
  recovery_time_estimate: z.string(),
  urgency_level: UrgencyLevel,
  opened_at: z.string(),
  escalated_at: z.string(),
});
export type EscalationReport = z.infer<typeof EscalationReport>;

import { z } from "zod";
import { ApprovalDecision, Criticality, SlaObjective } from "./names.js";

export const AttemptedSolution = z.object({
  dpr_id: z.string(),
  solution: z.string(),
  strike: z.number().int(),
  outcome: z.string(),
  verify: z.string().nullable(),
  exit_code: z.number().int().nullable(),
  duration_ms: z.number().int().nullable(),
  /** The end of what the remedy printed or answered, when it finished. */
  output_tail: z.string().nullable(),
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

/** How far a service's SLA error budget burned, as last measured. */
export const SlaBudgetBurn = z.object({
  objective: SlaObjective,
  long_burn: z.number(),
  short_burn: z.number(),
  /** The share of a 30-day error budget the long window's burn spent in that window. */
  budget_spent_percent: z.number(),
});
export type SlaBudgetBurn = z.infer<typeof SlaBudgetBurn>;

export const BusinessImpact = z.object({
  summary: z.string(),
  criticality: Criticality,
  minutes_down: z.number().int().nonnegative(),
  /** Services that depend on this one, directly or through others (`depends_on`). */
  dependents_affected: z.array(z.string()),
  sla_budget_burned: z.array(SlaBudgetBurn),
});
export type BusinessImpact = z.infer<typeof BusinessImpact>;

/** A solution the knowledge base knows for the pattern and the incident has not tried yet. */
export const SpecialistRecommendation = z.object({
  solution: z.string(),
  score: z.number(),
  tries: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  mean_recovery_ms: z.number().nullable(),
  lessons: z.array(z.string()),
  /** What the evidence is about: the service's own platform, or the pattern on any platform. */
  basis: z.string(),
  is_configured: z.boolean(),
});
export type SpecialistRecommendation = z.infer<typeof SpecialistRecommendation>;

/** A strike-2 solution of the pattern not tried yet, with the remedies configured for it. */
export const InfrastructureAlternative = z.object({
  solution: z.string(),
  remedies: z.array(z.object({ tool: z.string(), service: z.string().nullable(), dry_run: z.boolean() })),
});
export type InfrastructureAlternative = z.infer<typeof InfrastructureAlternative>;

export const RecoveryTimeEstimate = z.object({
  /** Null when nothing in the data supports an estimate. */
  minutes: z.number().nullable(),
  basis: z.string(),
});
export type RecoveryTimeEstimate = z.infer<typeof RecoveryTimeEstimate>;

export const CostImplications = z.object({
  /** From the service's `cost_per_hour_down`; null when it sets none. */
  cost_per_hour_down: z.number().nullable(),
  cost_so_far: z.number().nullable(),
  /** `cost_per_hour_down` × the recovery time estimate. */
  expected_cost: z.number().nullable(),
  summary: z.string(),
});
export type CostImplications = z.infer<typeof CostImplications>;

export const ReportTimelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  message: z.string(),
  dpr_id: z.string().nullable(),
});
export type ReportTimelineEntry = z.infer<typeof ReportTimelineEntry>;

/** The handoff bundle for a human, every field from the incident's data; also the escalation webhook's POST body. */
export const EscalationReport = z.object({
  escalation_id: z.string(),
  incident_id: z.string(),
  project: z.string(),
  environment: z.string(),
  /** The catalog's domain and the service's platform, whose tools a specialist needs: `platform/kubernetes`. */
  domain: z.string(),
  issue_type: z.string(),
  service: z.string(),
  pattern: z.string(),
  symptom: z.string(),
  reason: z.string(),
  business_impact: BusinessImpact,
  affected_services: z.array(z.string()),
  attempted_solutions: z.array(AttemptedSolution),
  /** Reports stored before approvals existed have none. */
  approvals: z.array(ReportedApproval).default([]),
  recommendations: z.array(z.string()),
  specialist_recommendations: z.array(SpecialistRecommendation),
  infrastructure_alternatives: z.array(InfrastructureAlternative),
  cost_implications: CostImplications,
  recovery_time_estimate: RecoveryTimeEstimate,
  urgency_level: UrgencyLevel,
  urgency_basis: z.string(),
  timeline: z.array(ReportTimelineEntry),
  opened_at: z.string(),
  escalated_at: z.string(),
});
export type EscalationReport = z.infer<typeof EscalationReport>;

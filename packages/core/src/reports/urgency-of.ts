import type { UrgencyLevel } from "../protocol/escalation-report.js";
import type { Criticality, Environment, EscalationReason } from "../protocol/names.js";
import { isTriggerReason } from "../triggers/is-trigger-reason.js";

const LEVELS: readonly UrgencyLevel[] = ["low", "medium", "high", "critical"];

const BASE_BY_ENVIRONMENT: Record<Environment, UrgencyLevel> = {
  prod: "critical",
  staging: "high",
  dev: "medium",
};

const SHIFT_BY_CRITICALITY: Record<Criticality, number> = { critical: 1, high: 1, medium: 0, low: -1 };

/** The least urgency a trigger's page has, whatever the environment and criticality. */
const FLOOR_BY_TRIGGER: Record<string, UrgencyLevel> = {
  critical_production_outage: "critical",
  business_critical_service_failure: "critical",
  SLA_breach: "high",
  cascading_system_failure: "high",
  extended_downtime: "high",
  repeated_deployment_failures: "medium",
};

export type Urgency = { readonly level: UrgencyLevel; readonly basis: string };

/**
 * How urgent an incident is: the environment sets the base (prod critical, staging high, dev medium), the
 * service's criticality moves it (critical and high one up, low one down), and a trigger's page has a floor.
 */
export function urgencyOf(
  environment: Environment,
  criticality: Criticality,
  reason: EscalationReason | null = null,
): Urgency {
  const shifted = LEVELS.indexOf(BASE_BY_ENVIRONMENT[environment]) + SHIFT_BY_CRITICALITY[criticality];
  let index = Math.min(LEVELS.length - 1, Math.max(0, shifted));
  const parts = [`${environment} sets ${BASE_BY_ENVIRONMENT[environment]}`];
  if (SHIFT_BY_CRITICALITY[criticality] !== 0)
    parts.push(`criticality ${criticality} moves it to ${LEVELS[index]}`);
  if (reason !== null && isTriggerReason(reason)) {
    const floor = LEVELS.indexOf(FLOOR_BY_TRIGGER[reason]!);
    if (floor > index) {
      index = floor;
      parts.push(`${reason} raises it to ${LEVELS[index]}`);
    }
  }
  return { level: LEVELS[index]!, basis: parts.join("; ") };
}

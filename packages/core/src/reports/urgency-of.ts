import type { UrgencyLevel } from "../protocol/escalation-report.js";
import type { Environment } from "../protocol/names.js";

const URGENCY_BY_ENVIRONMENT: Record<Environment, UrgencyLevel> = {
  prod: "critical",
  staging: "high",
  dev: "medium",
};

/** How urgent an incident of a project in `environment` is: its escalation report and its notifications say so. */
export function urgencyOf(environment: Environment): UrgencyLevel {
  return URGENCY_BY_ENVIRONMENT[environment];
}

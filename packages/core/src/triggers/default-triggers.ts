import type { EscalationSettings, TriggerSettings } from "../protocol/engine-state.js";

const MINUTE_MS = 60_000;

/**
 * The triggers when the config sets none, all on: SLA burn 14.4× over 1h and 5m (the SRE workbook's page),
 * down 15m, 3 failed deploys in 1h, 3 services failing within 5m, a critical service failing.
 */
export const DEFAULT_TRIGGERS: TriggerSettings = {
  SLA_breach: { burnRate: 14.4, longWindowMs: 60 * MINUTE_MS, shortWindowMs: 5 * MINUTE_MS },
  extended_downtime: { maxDowntimeMs: 15 * MINUTE_MS },
  repeated_deployment_failures: { count: 3, windowMs: 60 * MINUTE_MS },
  cascading_system_failure: { services: 3, windowMs: 5 * MINUTE_MS },
  business_critical_service_failure: {},
  critical_production_outage: {},
};

/** Every trigger off: the ladder alone escalates. */
export const NO_TRIGGERS: TriggerSettings = {
  SLA_breach: null,
  extended_downtime: null,
  repeated_deployment_failures: null,
  cascading_system_failure: null,
  business_critical_service_failure: null,
  critical_production_outage: null,
};

/** Escalation when the config sets nothing: every trigger on with its defaults. */
export const DEFAULT_ESCALATION: EscalationSettings = { triggers: DEFAULT_TRIGGERS };

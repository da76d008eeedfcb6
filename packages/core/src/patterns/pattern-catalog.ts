import type { ErrorPattern, PatternView } from "../protocol/error-pattern.js";

/** The platform domain's seed catalog, as the source system defines it. */
export const SEED_PATTERNS: readonly ErrorPattern[] = [
  {
    name: "deployment_failures",
    symptoms: ["build_failures", "deployment_timeouts", "environment_misconfigurations", "dependency_issues"],
    strike1Solutions: ["retry_deployment", "dependency_resolution", "configuration_fix"],
    strike2Alternatives: ["rollback_to_stable", "manual_deployment", "environment_rebuild"],
    escalationTriggers: ["critical_production_outage", "repeated_deployment_failures"],
  },
  {
    name: "performance_issues",
    symptoms: ["high_response_times", "resource_exhaustion", "memory_leaks", "CPU_spikes"],
    strike1Solutions: ["resource_scaling", "performance_optimization", "cache_clearing"],
    strike2Alternatives: ["infrastructure_upgrade", "load_redistribution", "service_isolation"],
    escalationTriggers: ["SLA_breach", "cascading_system_failure"],
  },
  {
    name: "uptime_problems",
    symptoms: ["service_unavailable", "health_check_failures", "load_balancer_issues", "DNS_problems"],
    strike1Solutions: ["service_restart", "health_check_adjustment", "DNS_refresh"],
    strike2Alternatives: ["failover_activation", "traffic_rerouting", "emergency_maintenance"],
    escalationTriggers: ["extended_downtime", "business_critical_service_failure"],
  },
];

export function findPattern(patterns: readonly ErrorPattern[], name: string): ErrorPattern | undefined {
  return patterns.find((pattern) => pattern.name === name);
}

/** Every solution the patterns name, each once, in catalog order. */
export function listSolutionNames(patterns: readonly ErrorPattern[] = SEED_PATTERNS): readonly string[] {
  return [
    ...new Set(patterns.flatMap((pattern) => [...pattern.strike1Solutions, ...pattern.strike2Alternatives])),
  ];
}

const SEED_NAMES = new Set(SEED_PATTERNS.map((pattern) => pattern.name));

/** The catalog as `GET /api/v1/patterns` lists it: each pattern with where it comes from. */
export function buildPatternViews(patterns: readonly ErrorPattern[]): PatternView[] {
  return patterns.map((pattern) => ({
    ...pattern,
    source: SEED_NAMES.has(pattern.name) ? "seed" : "config",
  }));
}

/** Solution names of the seed pattern catalog; a remedy binds one of them to a concrete action. */
export const SOLUTION_NAMES = [
  "retry_deployment",
  "dependency_resolution",
  "configuration_fix",
  "rollback_to_stable",
  "manual_deployment",
  "environment_rebuild",
  "resource_scaling",
  "performance_optimization",
  "cache_clearing",
  "infrastructure_upgrade",
  "load_redistribution",
  "service_isolation",
  "service_restart",
  "health_check_adjustment",
  "DNS_refresh",
  "failover_activation",
  "traffic_rerouting",
  "emergency_maintenance",
] as const;

export type SolutionName = (typeof SOLUTION_NAMES)[number];

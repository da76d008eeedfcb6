import { hostname } from "node:os";
import { DEFAULT_TRIGGERS } from "@orbt/core";
import type { CheckConfig, OrbtConfig, ServiceConfig } from "../../src/config/orbt-config.js";

/** An http check as the config gives it when only its URL is written (`- http: URL`). */
export function defaultHttpCheck(url: string, overrides: Partial<CheckConfig> = {}): CheckConfig {
  return {
    kind: "http",
    url,
    intervalMs: 10_000,
    timeoutMs: 5_000,
    failAfter: 2,
    latencyThresholdMs: 1_000,
    via: undefined,
    ...overrides,
  } as CheckConfig;
}

/** A service as the config gives it when only its name and checks are written. */
export function defaultService(name: string, checks: readonly CheckConfig[]): ServiceConfig {
  return {
    name,
    platform: "exec",
    workload: { platform: "exec" },
    deployHook: null,
    checks: [...checks],
    scrape: [],
    dependsOn: [],
    heartbeat: undefined,
    scale: undefined,
    requestRateQuery: undefined,
    criticality: "medium",
    sla: undefined,
    costPerHourDown: undefined,
    faults: {},
  };
}

/** The parsed config's fields that are all defaults in a file setting none of them. */
export const DEFAULT_CONFIG_FIELDS = {
  backup: null,
  ha: null,
  checkpoints: {
    everyEvents: 1_000,
    incrementalEveryEvents: 100,
    intervalMs: 3_600_000,
    keep: 2,
    keepJournalForMs: 2_592_000_000,
    keepResolvedForMs: 7_776_000_000,
  },
  strikes: { strike1TimeoutMs: 300_000, strike2TimeoutMs: 900_000 },
  notify: {
    receivers: [],
    routes: [],
    retry: { attempts: 10, backoffMs: 1_000, maxBackoffMs: 300_000 },
    timeoutMs: 10_000,
  },
  maintenance: [],
  automation: {
    mode: "live",
    cooldownMs: 300_000,
    maxRuns: { count: 3, windowMs: 3_600_000 },
    budget: { actions: 20, windowMs: 3_600_000 },
    concurrency: { perService: 1, total: 4 },
    flapping: { changes: 6, windowMs: 600_000 },
    approvalTimeoutMs: 600_000,
  },
  deploys: { timeoutMs: 900_000, verifyForMs: 300_000 },
  knowledge: {
    scaleBands: { mediumFrom: 5, largeFrom: 50 },
    measureEveryMs: 60_000,
    rateWindowMs: 300_000,
  },
  triggers: DEFAULT_TRIGGERS,
  shutdownGraceMs: 10_000,
  retentionMs: 7_200_000,
  ruleFiles: [],
  rules: { forOutageToleranceMs: 3_600_000, forGracePeriodMs: 600_000 },
  defaultRules: {
    interval: 15_000,
    cpu_spikes: { threshold: 0.9, window: 60_000, for: 300_000 },
    memory_leaks: { growth_per_hour: 67_108_864, window: 1_800_000, for: 1_800_000 },
    resource_exhaustion: { threshold: 0.9, for: 300_000 },
    load_balancer_issues: { threshold: 0.05, window: 300_000, for: 120_000 },
  },
  symptoms: [],
  patterns: [],
  reports: [],
  drills: { isAllowedInProd: false, schedules: [] },
  host: hostname(),
  upstream: null,
  fleet: null,
} satisfies Partial<OrbtConfig>;

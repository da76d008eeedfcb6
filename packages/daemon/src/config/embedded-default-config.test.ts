import { resolve } from "node:path";
import { DEFAULT_TRIGGERS } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { embeddedDefaultConfig } from "./embedded-default-config.js";

describe("embeddedDefaultConfig", () => {
  it("passes the schema and watches orbtd's own health endpoint", () => {
    expect(embeddedDefaultConfig()).toEqual({
      project: "orbt",
      environment: "dev",
      listen: { host: "127.0.0.1", port: 7070 },
      dataDir: resolve("data"),
      backup: null,
      services: [
        {
          name: "orbtd",
          platform: "exec",
          workload: { platform: "exec" },
          deployHook: null,
          checks: [
            {
              kind: "http",
              url: "http://127.0.0.1:7070/healthz",
              intervalMs: 10_000,
              timeoutMs: 5_000,
              failAfter: 2,
              latencyThresholdMs: 1_000,
              via: undefined,
            },
          ],
          scrape: [],
          dependsOn: [],
          heartbeat: undefined,
          scale: undefined,
          requestRateQuery: undefined,
          criticality: "medium",
          sla: undefined,
          costPerHourDown: undefined,
        },
      ],
      remedies: [],
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
    });
  });
});

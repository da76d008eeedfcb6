import { defaultVerifyForMs, type EngineSettings, type ServiceState } from "@orbt/core";
import type { OrbtConfig } from "../config/orbt-config.js";
import { configuredPatterns } from "../config/pattern-config.js";

export function toEngineSettings(config: OrbtConfig): EngineSettings {
  return {
    project: config.project,
    environment: config.environment,
    strike1TimeoutMs: config.strikes.strike1TimeoutMs,
    strike2TimeoutMs: config.strikes.strike2TimeoutMs,
    remedies: config.remedies.map((remedy) => ({
      solution: remedy.solution,
      service: remedy.service ?? null,
      tool: remedy.action.kind,
      timeoutMs: remedy.timeoutMs,
      verifyForMs: remedy.verifyForMs ?? null,
      isDryRun: remedy.isDryRun,
      isApprovalRequired:
        remedy.approval === "required" || (config.environment === "prod" && remedy.approval !== "none"),
    })),
    patterns: configuredPatterns(config),
    automation: config.automation,
    deploys: config.deploys,
    escalation: { triggers: config.triggers },
  };
}

export function toServiceStates(config: OrbtConfig): ServiceState[] {
  return config.services.map((service) => ({
    name: service.name,
    platform: service.platform,
    isDiscovered: false,
    verifyForMs: defaultVerifyForMs(service.checks.map((check) => check.intervalMs)),
    dependsOn: service.dependsOn,
    ...(service.scale === undefined ? {} : { scale: service.scale }),
    criticality: service.criticality,
    ...(service.sla === undefined ? {} : { sla: service.sla }),
    ...(service.costPerHourDown === undefined ? {} : { costPerHourDown: service.costPerHourDown }),
  }));
}

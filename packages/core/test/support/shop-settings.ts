import { DEFAULT_AUTOMATION } from "../../src/engine/default-automation.js";
import { DEFAULT_DEPLOYS } from "../../src/engine/default-deploys.js";
import { SEED_PATTERNS } from "../../src/patterns/pattern-catalog.js";
import type { AutomationSettings, EngineSettings, RemedyPlan } from "../../src/protocol/engine-state.js";
import { NO_TRIGGERS } from "../../src/triggers/default-triggers.js";

/** Rails that hold nothing back: for tests of the ladder itself, which run remedies again and again. */
export const OPEN_RAILS: AutomationSettings = {
  mode: "live",
  cooldownMs: 0,
  maxRuns: { count: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  budget: { actions: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  concurrency: { perService: Number.MAX_SAFE_INTEGER, total: Number.MAX_SAFE_INTEGER },
  flapping: { changes: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  approvalTimeoutMs: DEFAULT_AUTOMATION.approvalTimeoutMs,
};

/**
 * Project `shop` in dev with the given remedies, strike budgets 5 and 15 minutes, the seed catalog and the
 * given rails; no escalation trigger, so the ladder alone escalates (trigger tests turn theirs on).
 */
export function shopSettings(
  remedies: RemedyPlan[],
  automation: AutomationSettings = DEFAULT_AUTOMATION,
): EngineSettings {
  return {
    project: "shop",
    environment: "dev",
    strike1TimeoutMs: 300_000,
    strike2TimeoutMs: 900_000,
    remedies,
    patterns: SEED_PATTERNS,
    automation,
    deploys: DEFAULT_DEPLOYS,
    escalation: { triggers: NO_TRIGGERS },
  };
}

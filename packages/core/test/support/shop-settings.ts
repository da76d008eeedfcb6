import { SEED_PATTERNS } from "../../src/patterns/pattern-catalog.js";
import type { EngineSettings, RemedyPlan } from "../../src/protocol/engine-state.js";

/** Project `shop` in dev with the given remedies, strike budgets 5 and 15 minutes, and the seed catalog. */
export function shopSettings(remedies: RemedyPlan[]): EngineSettings {
  return {
    project: "shop",
    environment: "dev",
    strike1TimeoutMs: 300_000,
    strike2TimeoutMs: 900_000,
    remedies,
    patterns: SEED_PATTERNS,
  };
}

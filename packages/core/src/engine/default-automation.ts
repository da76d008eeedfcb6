import type { AutomationSettings } from "../protocol/engine-state.js";

const HOUR_MS = 3_600_000;

/**
 * The rails when the config sets none: live, cooldown 5m, max_runs 3 per 1h, budget 20 per 1h, 1 action
 * running per service and 4 in all, flapping at 6 changes in 10m, approvals answered within 10m. Safe for a first run; tune them per fleet.
 */
export const DEFAULT_AUTOMATION: AutomationSettings = {
  mode: "live",
  cooldownMs: 300_000,
  maxRuns: { count: 3, windowMs: HOUR_MS },
  budget: { actions: 20, windowMs: HOUR_MS },
  concurrency: { perService: 1, total: 4 },
  flapping: { changes: 6, windowMs: 600_000 },
  approvalTimeoutMs: 600_000,
};

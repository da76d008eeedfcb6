import type { Labels } from "../promql/labels.js";

export type AlertState = "inactive" | "pending" | "firing";

/**
 * One instance of an alerting rule, keyed by its label set. Times are ms since the epoch;
 * `resolvedAtMs` is set once the alert went inactive, `keepFiringSinceMs` while `keep_firing_for` holds it.
 */
export type Alert = {
  readonly state: AlertState;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly value: number;
  readonly activeAtMs: number;
  readonly firedAtMs?: number;
  readonly resolvedAtMs?: number;
  readonly keepFiringSinceMs?: number;
};

import type { ServiceConfig } from "./orbt-config.js";

const VERIFY_FOR_WITHOUT_CHECKS_MS = 20_000;

/** How long a symptom must stay clear when a remedy sets no `verify_for`: two of the service's fastest check intervals, else 20s. */
export function defaultVerifyForMs(service: ServiceConfig): number {
  const intervalsMs = service.checks.map((check) => check.intervalMs);
  return intervalsMs.length === 0 ? VERIFY_FOR_WITHOUT_CHECKS_MS : 2 * Math.min(...intervalsMs);
}

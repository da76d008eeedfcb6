import type { RemedyConfig, ServiceConfig } from "./orbt-config.js";

const VERIFY_FOR_WITHOUT_CHECKS_MS = 20_000;

/**
 * How long a symptom must stay clear after `remedy` ran on `service`: the remedy's own `verify_for`, else
 * two of the service's fastest check intervals, else 20s.
 */
export function resolveVerifyForMs(remedy: RemedyConfig, service: ServiceConfig | undefined): number {
  if (remedy.verifyForMs !== undefined) return remedy.verifyForMs;
  const intervalsMs = service?.checks.map((check) => check.intervalMs) ?? [];
  return intervalsMs.length === 0 ? VERIFY_FOR_WITHOUT_CHECKS_MS : 2 * Math.min(...intervalsMs);
}

import type { ReadinessFacts } from "../protocol/readiness.js";
import { percentile } from "../reports/percentile.js";
import type { SliProbe } from "../triggers/sla-burn.js";

/**
 * What a service's probes over a window show against its SLA, measured as the `SLA_breach` trigger
 * measures it: uptime is the share of probes that answered, latency the p99 of the answers. Null where no
 * probe tells.
 */
export function measureSli(probes: readonly SliProbe[]): ReadinessFacts["services"][number]["measured"] {
  if (probes.length === 0) return { uptimePercent: null, latencyP99Ms: null };
  const answered = probes.filter((probe) => probe.isUp);
  const p99 = percentile(
    answered.map((probe) => probe.latencyMs),
    99,
  );
  return {
    uptimePercent: Math.round((10_000 * answered.length) / probes.length) / 100,
    latencyP99Ms: p99 === null ? null : Math.round(p99),
  };
}

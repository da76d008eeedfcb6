/**
 * Go's time.Duration.String() for whole milliseconds: `0s`, `1.5s`, `5m0s`, `1h0m0s`. Not a Prometheus
 * duration (`formatDurationMs`): promtool prints rule evaluation times this way, and so must `orbtd test`.
 */
export function formatGoDuration(durationMs: number): string {
  if (durationMs === 0) return "0s";
  const sign = durationMs < 0 ? "-" : "";
  let restMs = Math.abs(durationMs);
  const hours = Math.floor(restMs / 3_600_000);
  restMs -= hours * 3_600_000;
  const minutes = Math.floor(restMs / 60_000);
  restMs -= minutes * 60_000;
  if (hours === 0 && minutes === 0 && restMs < 1000) return `${sign}${restMs}ms`;
  const seconds = `${(restMs / 1000).toString()}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return sign + seconds;
}

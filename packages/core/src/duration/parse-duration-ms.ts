// prometheus/common model.ParseDuration: whole amounts, units largest first, each at most once.
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [31_536_000_000, 604_800_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** The longest duration Prometheus holds: its durations are int64 nanoseconds (about 292 years). */
export const MAX_DURATION_MS = 9_223_372_036_854;

/**
 * Parses a Prometheus duration ("500ms", "1h30m", "0") to milliseconds, as Prometheus reads them in
 * config, rule files, PromQL and its HTTP API; undefined when it is not one.
 */
export function parseDurationMs(text: string): number | undefined {
  if (text === "0") return 0;
  const m = text === "" ? null : DURATION.exec(text);
  if (m === null) return undefined;
  let totalMs = 0;
  for (const [i, unitMs] of UNIT_MS.entries()) {
    const amount = m[i + 1];
    if (amount !== undefined) totalMs += Number(amount) * unitMs;
  }
  return totalMs <= MAX_DURATION_MS ? totalMs : undefined;
}

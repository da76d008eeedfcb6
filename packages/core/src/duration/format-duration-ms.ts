const DAY_MS = 86_400_000;
// Years and weeks only when they divide the duration: `90d` reads better than `12w6d`.
const UNITS: ReadonlyArray<readonly [unit: string, unitMs: number, isExactOnly: boolean]> = [
  ["y", 365 * DAY_MS, true],
  ["w", 7 * DAY_MS, true],
  ["d", DAY_MS, false],
  ["h", 3_600_000, false],
  ["m", 60_000, false],
  ["s", 1000, false],
  ["ms", 1, false],
];

/**
 * Renders a non-negative whole number of milliseconds as Prometheus does (model.Duration.String()), in
 * the syntax `parseDurationMs` reads: 5400000 → "1h30m", 604800000 → "1w", 0 → "0s".
 */
export function formatDurationMs(durationMs: number): string {
  if (durationMs === 0) return "0s";
  let restMs = durationMs;
  let text = "";
  for (const [unit, unitMs, isExactOnly] of UNITS) {
    if (isExactOnly && restMs % unitMs !== 0) continue;
    const amount = Math.floor(restMs / unitMs);
    if (amount > 0) text += `${amount}${unit}`;
    restMs -= amount * unitMs;
  }
  return text;
}

const UNITS_MS: ReadonlyArray<readonly [string, number]> = [
  ["d", 24 * 60 * 60 * 1000],
  ["h", 60 * 60 * 1000],
  ["m", 60 * 1000],
  ["s", 1000],
  ["ms", 1],
];

/** Renders milliseconds in the syntax `parseDurationMs` reads: 5400000 → "1h30m". */
export function formatDurationMs(durationMs: number): string {
  if (durationMs === 0) return "0s";
  let restMs = durationMs;
  let text = "";
  for (const [unit, unitMs] of UNITS_MS) {
    const amount = Math.floor(restMs / unitMs);
    if (amount > 0) text += `${amount}${unit}`;
    restMs -= amount * unitMs;
  }
  return text;
}

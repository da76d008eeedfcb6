const UNIT_MS = {
  y: 365 * 24 * 60 * 60 * 1000,
  w: 7 * 24 * 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  h: 60 * 60 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
} as const;

// Prometheus duration syntax: units largest first, each at most once, integer amounts.
const DURATION_PATTERN =
  /^(?:(?<y>\d+)y)?(?:(?<w>\d+)w)?(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$/;

/** Parses a Prometheus duration ("500ms", "1h30m", "0") to milliseconds; undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  if (text === "0") return 0;
  const groups = text === "" ? undefined : DURATION_PATTERN.exec(text)?.groups;
  if (groups === undefined) return undefined;
  let totalMs = 0;
  for (const [unit, unitMs] of Object.entries(UNIT_MS)) {
    const amount = groups[unit];
    if (amount !== undefined) totalMs += Number(amount) * unitMs;
  }
  return Number.isSafeInteger(totalMs) ? totalMs : undefined;
}

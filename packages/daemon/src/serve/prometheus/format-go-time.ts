const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

/** Go's time.Time JSON (RFC 3339, trailing fractional zeros dropped) for a UTC instant; undefined is Go's zero time. */
export function formatGoTime(timeMs: number | undefined): string {
  if (timeMs === undefined) return GO_ZERO_TIME;
  return new Date(timeMs)
    .toISOString()
    .replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits === "" ? "Z" : `.${digits}Z`));
}

import { err, ok, type Result } from "@orbt/core";

/** What an absent `start` means: as far back as a timestamp goes. */
export const PROMETHEUS_MIN_TIME_MS = Number.MIN_SAFE_INTEGER;
/** What an absent `end` means. */
export const PROMETHEUS_MAX_TIME_MS = Number.MAX_SAFE_INTEGER;

// client_golang and Grafana send Prometheus's own minTime/maxTime, whose years Go's parser cannot read.
const MIN_TIME_TEXT = "-292273086-05-16T16:47:06Z";
const MAX_TIME_TEXT = "292277025-08-18T07:12:54.999999999Z";

const GO_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Go's math.Round: halves away from zero. */
function roundHalfAway(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function parseRfc3339Ms(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetHours = Number(m[9] ?? 0);
  const offsetMinutes = Number(m[10] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offsetMs = (m[8] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  // Prometheus keeps milliseconds and truncates the rest (timestamp.FromTime).
  const fractionMs = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, fractionMs);
  return utc.getTime() - offsetMs;
}

/**
 * Reads a Prometheus API timestamp: unix seconds as a float (kept to the millisecond, as Prometheus
 * does) or RFC 3339. The error is Prometheus's message.
 */
export function parsePrometheusTimeMs(text: string): Result<number, string> {
  if (GO_FLOAT.test(text)) {
    const seconds = Number(text);
    if (Number.isFinite(seconds)) {
      const whole = Math.trunc(seconds);
      return ok(whole * 1000 + roundHalfAway((seconds - whole) * 1000));
    }
  }
  const rfc3339Ms = parseRfc3339Ms(text);
  if (rfc3339Ms !== undefined) return ok(rfc3339Ms);
  if (text === MIN_TIME_TEXT) return ok(PROMETHEUS_MIN_TIME_MS);
  if (text === MAX_TIME_TEXT) return ok(PROMETHEUS_MAX_TIME_MS);
  return err(`cannot parse ${JSON.stringify(text)} to a valid timestamp`);
}

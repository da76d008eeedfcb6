import { err, ok, type Result } from "@orbt/core";

const GO_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// prometheus/common model.ParseDuration: each unit at most once, largest first.
const MODEL_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [31_536_000_000, 604_800_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
// time.Duration is int64 nanoseconds.
const MAX_DURATION_MS = 9_223_372_036_854;

/**
 * Reads a Prometheus API duration (`step`, `timeout`, `lookback_delta`): float seconds or a duration
 * like `1h30m`. The result is in ms, possibly fractional; the error is Prometheus's message.
 */
export function parsePrometheusDurationMs(text: string): Result<number, string> {
  if (GO_FLOAT.test(text)) {
    const ms = Number(text) * 1000;
    if (Math.abs(ms) > MAX_DURATION_MS) {
      return err(`cannot parse ${JSON.stringify(text)} to a valid duration. It overflows int64`);
    }
    return ok(ms);
  }
  const m = MODEL_DURATION.exec(text);
  if (m !== null && text !== "") {
    const ms = UNIT_MS.reduce((sum, unitMs, i) => sum + Number(m[i + 1] ?? 0) * unitMs, 0);
    if (ms <= MAX_DURATION_MS) return ok(ms);
  }
  return err(`cannot parse ${JSON.stringify(text)} to a valid duration`);
}

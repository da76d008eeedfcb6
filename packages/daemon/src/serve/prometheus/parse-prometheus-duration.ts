import { err, MAX_DURATION_MS, ok, parseDurationMs, type Result } from "@orbt/core";

const GO_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

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
  const ms = parseDurationMs(text);
  return ms === undefined ? err(`cannot parse ${JSON.stringify(text)} to a valid duration`) : ok(ms);
}

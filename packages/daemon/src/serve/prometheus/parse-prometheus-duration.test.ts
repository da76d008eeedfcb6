import { describe, expect, it } from "vitest";
import { parsePrometheusDurationMs } from "./parse-prometheus-duration.js";

describe("parsePrometheusDurationMs", () => {
  it.each([
    ["15", 15_000],
    ["0.5", 500],
    ["0", 0],
    ["-15", -15_000],
    ["1e1", 10_000],
    ["15s", 15_000],
    ["250ms", 250],
    ["1h30m", 5_400_000],
    [
      "1y2w3d4h5m6s7ms",
      31_536_000_000 + 2 * 604_800_000 + 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6000 + 7,
    ],
  ])("reads %s", (text, ms) => {
    expect(parsePrometheusDurationMs(text)).toEqual({ ok: true, value: ms });
  });

  it.each(["", "1.5m", "30m1h", "1h1h", "5 m", "5M", "-5m", "soon"])("rejects %j", (text) => {
    expect(parsePrometheusDurationMs(text)).toEqual({
      ok: false,
      error: `cannot parse ${JSON.stringify(text)} to a valid duration`,
    });
  });

  it("rejects floats beyond int64 nanoseconds", () => {
    expect(parsePrometheusDurationMs("1e10")).toEqual({
      ok: false,
      error: 'cannot parse "1e10" to a valid duration. It overflows int64',
    });
  });
});

import { describe, expect, it } from "vitest";
import {
  PROMETHEUS_MAX_TIME_MS,
  PROMETHEUS_MIN_TIME_MS,
  parsePrometheusTimeMs,
} from "./parse-prometheus-time.js";

describe("parsePrometheusTimeMs", () => {
  it.each([
    ["1700000000", 1_700_000_000_000],
    ["1700000000.5", 1_700_000_000_500],
    ["1700000000.1234", 1_700_000_000_123],
    ["1700000000.9996", 1_700_000_001_000],
    ["-1.5", -1500],
    ["+2", 2000],
    [".5", 500],
    ["1e3", 1_000_000],
    ["2023-11-14T22:13:20Z", 1_700_000_000_000],
    ["2023-11-14T22:13:20.123456789Z", 1_700_000_000_123],
    ["2023-11-14T23:43:20+01:30", 1_700_000_000_000],
    ["2023-11-14T20:13:20.5-02:00", 1_700_000_000_500],
    ["2024-02-29T00:00:00Z", 1_709_164_800_000],
    ["-292273086-05-16T16:47:06Z", PROMETHEUS_MIN_TIME_MS],
    ["292277025-08-18T07:12:54.999999999Z", PROMETHEUS_MAX_TIME_MS],
  ])("reads %s", (text, ms) => {
    expect(parsePrometheusTimeMs(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    "",
    "now",
    "0x10",
    "1_000",
    " 1",
    "Inf",
    "NaN",
    "2023-11-14",
    "2023-11-14 22:13:20Z",
    "2023-11-14T22:13:20",
    "2023-02-29T00:00:00Z",
    "2023-11-14T24:00:00Z",
    "2023-11-14T22:13:60Z",
    "2023-11-14t22:13:20z",
  ])("rejects %j with Prometheus's message", (text) => {
    expect(parsePrometheusTimeMs(text)).toEqual({
      ok: false,
      error: `cannot parse ${JSON.stringify(text)} to a valid timestamp`,
    });
  });
});

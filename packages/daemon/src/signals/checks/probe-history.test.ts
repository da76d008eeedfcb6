import { describe, expect, it } from "vitest";
import { ProbeHistory } from "./probe-history.js";

describe("ProbeHistory", () => {
  it("gives one service's probes since a time to the SLA, and every service's as report samples", () => {
    const history = new ProbeHistory();
    history.record("web", { at: 1_000, isUp: true, latencyMs: 12 });
    history.record("db", { at: 2_000, isUp: false, latencyMs: 5_000 });
    history.record("web", { at: 3_000, isUp: false, latencyMs: 40 });
    expect(history.probesOf("web", 2_000)).toEqual([{ at: 3_000, isUp: false, latencyMs: 40 }]);
    expect(history.probesOf("cache", 0)).toEqual([]);
    expect(history.samplesSince(2_000)).toEqual([
      { service: "web", at: 3_000, ok: false, latencyMs: 40 },
      { service: "db", at: 2_000, ok: false, latencyMs: 5_000 },
    ]);
  });

  it("keeps the latest certificate end shown per service", () => {
    const history = new ProbeHistory();
    history.record("shop", { at: 1, isUp: true, latencyMs: 3 }, 10_000);
    history.record("shop", { at: 2, isUp: true, latencyMs: 3 });
    history.record("shop", { at: 3, isUp: true, latencyMs: 3 }, 20_000);
    expect(history.certificateExpiries()).toEqual({ shop: 20_000 });
  });

  it("keeps a day of a 10s check per service, dropping the oldest", () => {
    const history = new ProbeHistory();
    for (let at = 0; at < 8_650; at += 1) history.record("web", { at, isUp: true, latencyMs: 1 });
    const kept = history.probesOf("web", 0);
    expect(kept).toHaveLength(8_640);
    expect(kept[0]!.at).toBe(10);
  });
});

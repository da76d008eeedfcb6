import { describe, expect, it } from "vitest";
import { DEFAULT_TRIGGERS } from "./default-triggers.js";
import { isBurning, measureSlaBurns, type SliProbe } from "./sla-burn.js";

const MINUTE = 60_000;
const settings = DEFAULT_TRIGGERS.SLA_breach!;

/** One probe a minute for the hour before `now`; `isDown` and `latencyMs` by minutes before now. */
function hourOfProbes(now: number, probe: (minutesAgo: number) => Partial<SliProbe>): SliProbe[] {
  return Array.from({ length: 60 }, (_, index) => {
    const minutesAgo = 59 - index;
    return { at: now - minutesAgo * MINUTE, isUp: true, latencyMs: 50, ...probe(minutesAgo) };
  });
}

describe("measureSlaBurns", () => {
  const now = 10 * 60 * MINUTE;

  it("burns availability by the share of failed probes over the budget, in each window", () => {
    // 3 of the last 5 probes failed: 3/60 over the hour, 3/5 over 5 minutes, against a 0.1% budget.
    const probes = hourOfProbes(now, (ago) => (ago < 3 ? { isUp: false } : {}));
    const burns = measureSlaBurns(probes, { availabilityPercent: 99.9, latencyP99Ms: null }, settings, now);
    expect(burns.latency_p99).toBeUndefined();
    expect(burns.availability!.longBurn).toBeCloseTo(50);
    expect(burns.availability!.shortBurn).toBeCloseTo(600);
    expect(isBurning(burns.availability, settings)).toBe(true);
  });

  it("does not page on an old burst the short window no longer sees", () => {
    const probes = hourOfProbes(now, (ago) => (ago >= 30 && ago < 40 ? { isUp: false } : {}));
    const burns = measureSlaBurns(probes, { availabilityPercent: 99.9, latencyP99Ms: null }, settings, now);
    expect(burns.availability!.longBurn).toBeGreaterThan(settings.burnRate);
    expect(burns.availability!.shortBurn).toBe(0);
    expect(isBurning(burns.availability, settings)).toBe(false);
  });

  it("burns latency by the share of answered probes slower than the p99 target, over 1%", () => {
    const probes = hourOfProbes(now, (ago) =>
      ago === 0 ? { isUp: false, latencyMs: 5000 } : ago < 4 ? { latencyMs: 900 } : {},
    );
    const burns = measureSlaBurns(probes, { availabilityPercent: null, latencyP99Ms: 300 }, settings, now);
    expect(burns.availability).toBeUndefined();
    // The failed probe is availability's: 3 slow of 59 answered, and 3 of 4 in the short window.
    expect(burns.latency_p99!.longBurn).toBeCloseTo((3 / 59) * 100);
    expect(burns.latency_p99!.shortBurn).toBeCloseTo(75);
  });

  it("burns nothing without probes, and forgets probes older than the long window", () => {
    const sla = { availabilityPercent: 99.9, latencyP99Ms: 300 };
    expect(measureSlaBurns([], sla, settings, now)).toEqual({
      availability: { longBurn: 0, shortBurn: 0 },
      latency_p99: { longBurn: 0, shortBurn: 0 },
    });
    const old = { at: now - settings.longWindowMs, isUp: false, latencyMs: 1 };
    const recent = { at: now - 1000, isUp: true, latencyMs: 1 };
    expect(measureSlaBurns([old, recent], sla, settings, now).availability).toEqual({
      longBurn: 0,
      shortBurn: 0,
    });
  });
});

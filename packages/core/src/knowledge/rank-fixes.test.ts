import { describe, expect, it } from "vitest";
import { knowledgeKey, rankFixes, scoreFix } from "./rank-fixes.js";
import { recordOutcome } from "./record-outcome.js";

describe("rankFixes", () => {
  const candidates = [
    { solution: "service_restart", order: 0 },
    { solution: "DNS_refresh", order: 1 },
  ];

  it("keeps configuration order when nothing is known", () => {
    expect(rankFixes(candidates, {}, "uptime_problems", "exec").map((c) => c.solution)).toEqual([
      "service_restart",
      "DNS_refresh",
    ]);
  });

  it("puts the fix with the better record first", () => {
    let knowledge = recordOutcome(
      {},
      { pattern: "uptime_problems", platform: "exec", solution: "service_restart", isSuccess: false },
      1,
    );
    knowledge = recordOutcome(
      knowledge,
      { pattern: "uptime_problems", platform: "exec", solution: "DNS_refresh", isSuccess: true },
      2,
    );
    expect(rankFixes(candidates, knowledge, "uptime_problems", "exec").map((c) => c.solution)).toEqual([
      "DNS_refresh",
      "service_restart",
    ]);
    expect(knowledge[knowledgeKey("uptime_problems", "exec", "DNS_refresh")]).toMatchObject({
      tries: 1,
      successes: 1,
    });
    // Another platform's record does not count.
    expect(rankFixes(candidates, knowledge, "uptime_problems", "docker")[0]!.solution).toBe(
      "service_restart",
    );
  });

  it("scores untried fixes at one half", () => {
    expect(scoreFix(undefined)).toBe(0.5);
    expect(
      scoreFix({ pattern: "p", platform: "x", solution: "s", tries: 8, successes: 8, lastUsedAt: 0 }),
    ).toBe(0.9);
  });
});

import { describe, expect, it } from "vitest";
import { SEED_PATTERNS } from "../patterns/pattern-catalog.js";
import type { KnowledgeEntry } from "../protocol/engine-state.js";
import { catalogKnowledge } from "./catalog-knowledge.js";
import { emptyKnowledgeEntry, knowledgeKey } from "./knowledge-key.js";
import { rankKnowledge, scoreKnowledge } from "./rank-knowledge.js";
import { rankRemedies } from "./rank-remedies.js";
import { type Knowledge, recordOutcome } from "./record-outcome.js";

const uptime = { pattern: "uptime_problems", platform: "docker", scale: "large" } as const;

function row(fields: Partial<KnowledgeEntry> & Pick<KnowledgeEntry, "solution">): KnowledgeEntry {
  return {
    ...emptyKnowledgeEntry(
      { pattern: "uptime_problems", solution: fields.solution, platform: "docker", scale: "large" },
      "learned",
    ),
    ...fields,
  };
}

function knowledgeOf(...rows: KnowledgeEntry[]): Knowledge {
  return {
    ...catalogKnowledge(SEED_PATTERNS),
    ...Object.fromEntries(rows.map((entry) => [knowledgeKey(entry), entry])),
  };
}

describe("scoreKnowledge: the 95% Wilson lower bound", () => {
  it.each([
    [0, 0, 0],
    [1, 1, 0.2065],
    [9, 10, 0.5958],
    [90, 100, 0.8256],
    [0, 5, 0],
  ])("%i of %i tries scores %f", (successes, tries, expected) => {
    expect(scoreKnowledge({ successes, tries })).toBeCloseTo(expected, 4);
  });

  it("trusts more tries at the same rate more", () => {
    expect(scoreKnowledge({ successes: 8, tries: 10 })).toBeLessThan(
      scoreKnowledge({ successes: 80, tries: 100 }),
    );
  });
});

describe("rankKnowledge", () => {
  it("keeps the catalog's order while nothing is tried, on the catalog's rows", () => {
    const ranking = rankKnowledge(knowledgeOf(), uptime);
    expect(ranking.map((ranked) => ranked.entry.solution)).toEqual([
      "service_restart",
      "health_check_adjustment",
      "DNS_refresh",
      "failover_activation",
      "traffic_rerouting",
      "emergency_maintenance",
    ]);
    expect(ranking[0]).toMatchObject({ basis: "pattern", entry: { provenance: "catalog", platform: "any" } });
    expect(ranking[0]!.score).toBeGreaterThan(ranking[1]!.score);
  });

  it("puts a success first and a failure after the untried", () => {
    const knowledge = knowledgeOf(
      row({ solution: "service_restart", tries: 1, successes: 0 }),
      row({ solution: "DNS_refresh", tries: 1, successes: 1 }),
    );
    const ranking = rankKnowledge(knowledge, uptime);
    expect(ranking[0]).toMatchObject({ basis: "exact", entry: { solution: "DNS_refresh" } });
    expect(ranking.at(-1)).toMatchObject({ basis: "exact", entry: { solution: "service_restart" } });
  });

  it("falls back from the exact scale to the platform, then to any platform", () => {
    const knowledge = knowledgeOf(
      row({ solution: "service_restart", scale: "small", tries: 4, successes: 4 }),
      row({ solution: "service_restart", scale: "medium", tries: 2, successes: 1 }),
      row({ solution: "DNS_refresh", platform: "kubernetes", tries: 3, successes: 3 }),
    );
    const ranking = rankKnowledge(knowledge, uptime);
    const restart = ranking.find((ranked) => ranked.entry.solution === "service_restart");
    // Both docker scales pooled: 5 of 6.
    expect(restart).toMatchObject({
      basis: "platform",
      entry: { platform: "docker", scale: "any", tries: 6, successes: 5, provenance: "learned" },
    });
    expect(restart!.score).toBeCloseTo(scoreKnowledge({ successes: 5, tries: 6 }), 10);
    // Kubernetes's record and the catalog's row pooled, on any platform.
    expect(ranking.find((ranked) => ranked.entry.solution === "DNS_refresh")).toMatchObject({
      basis: "pattern",
      entry: { platform: "any", tries: 3, successes: 3 },
    });
    // An exact row wins over the platform's for its solution.
    const exact = knowledgeOf(...Object.values(knowledge), row({ solution: "service_restart", tries: 1 }));
    expect(
      rankKnowledge(exact, uptime).find((ranked) => ranked.entry.solution === "service_restart"),
    ).toMatchObject({ basis: "exact", entry: { tries: 1, successes: 0 } });
  });

  it("is empty for a pattern nothing is known of: escalate", () => {
    expect(rankKnowledge(knowledgeOf(), { ...uptime, pattern: "queue_backlog" })).toEqual([]);
  });
});

describe("rankRemedies", () => {
  it("orders configured remedies by their solutions' ranking, the untried by configuration order", () => {
    const candidates = [
      { solution: "DNS_refresh", order: 0 },
      { solution: "service_restart", order: 1 },
      { solution: "health_check_adjustment", order: 2 },
    ];
    let knowledge = knowledgeOf();
    expect(rankRemedies(candidates, rankKnowledge(knowledge, uptime)).map((c) => c.order)).toEqual([0, 1, 2]);
    knowledge = recordOutcome(
      knowledge,
      { ...uptime, solution: "DNS_refresh", isSuccess: false, recoveryMs: null },
      1,
    );
    knowledge = recordOutcome(
      knowledge,
      { ...uptime, solution: "health_check_adjustment", isSuccess: true, recoveryMs: 5 },
      2,
    );
    expect(rankRemedies(candidates, rankKnowledge(knowledge, uptime)).map((c) => c.order)).toEqual([2, 1, 0]);
  });
});

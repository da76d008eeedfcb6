import { describe, expect, it } from "vitest";
import { LESSONS_KEPT, RECOVERIES_KEPT } from "../protocol/engine-state.js";
import { catalogKnowledge } from "./catalog-knowledge.js";
import { knowledgeKey } from "./knowledge-key.js";
import { type Knowledge, recordLesson, recordOutcome } from "./record-outcome.js";

const coordinates = {
  pattern: "uptime_problems",
  solution: "service_restart",
  platform: "exec",
  scale: "small",
} as const;
const key = knowledgeKey(coordinates);

function succeed(knowledge: Knowledge, recoveryMs: number, at: number): Knowledge {
  return recordOutcome(knowledge, { ...coordinates, isSuccess: true, recoveryMs }, at);
}

describe("recordOutcome", () => {
  it("counts tries and successes, times to recover, and the last outcome", () => {
    let knowledge: Knowledge = {};
    knowledge = succeed(knowledge, 1000, 10);
    knowledge = succeed(knowledge, 3000, 20);
    knowledge = recordOutcome(knowledge, { ...coordinates, isSuccess: false, recoveryMs: null }, 30);
    expect(knowledge[key]).toMatchObject({
      tries: 3,
      successes: 2,
      meanRecoveryMs: 2000,
      p90RecoveryMs: 3000,
      recentRecoveryMs: [1000, 3000],
      lastOutcome: "failed",
      lastAt: 30,
      provenance: "learned",
    });
  });

  it("takes p90 over the recent recoveries and the mean over all of them", () => {
    let knowledge: Knowledge = {};
    // 1..100 s: the recent 50 are 51..100 s, whose nearest-rank p90 is 95 s.
    for (let n = 1; n <= 100; n += 1) knowledge = succeed(knowledge, n * 1000, n);
    const entry = knowledge[key]!;
    expect(entry.recentRecoveryMs).toHaveLength(RECOVERIES_KEPT);
    expect(entry.p90RecoveryMs).toBe(95_000);
    expect(entry.meanRecoveryMs).toBeCloseTo(50_500, 6);
  });

  it("turns a catalog row it trains into a learned one", () => {
    const catalog = catalogKnowledge([
      {
        name: "uptime_problems",
        symptoms: [],
        strike1Solutions: ["service_restart"],
        strike2Alternatives: [],
        escalationTriggers: [],
      },
    ]);
    const row = { ...coordinates, platform: "any", scale: "any" } as const;
    const trained = recordOutcome(catalog, { ...row, isSuccess: true, recoveryMs: 1 }, 1);
    expect(trained[knowledgeKey(row)]).toMatchObject({ tries: 1, provenance: "learned" });
  });
});

describe("recordLesson", () => {
  it("keeps lessons newest first, within the bound", () => {
    let knowledge: Knowledge = succeed({}, 1000, 1);
    for (let n = 1; n <= LESSONS_KEPT + 2; n += 1) {
      knowledge = recordLesson(knowledge, coordinates, {
        at: n,
        by: "ana",
        note: `note ${n}`,
        incidentId: null,
      });
    }
    const lessons = knowledge[key]!.lessons;
    expect(lessons).toHaveLength(LESSONS_KEPT);
    expect(lessons[0]).toMatchObject({ note: `note ${LESSONS_KEPT + 2}` });
    expect(lessons.at(-1)).toMatchObject({ note: "note 3" });
    expect(knowledge[key]).toMatchObject({ tries: 1, successes: 1 });
  });
});

import { describe, expect, it } from "vitest";
import { SEED_PATTERNS } from "../patterns/pattern-catalog.js";
import { catalogKnowledge } from "./catalog-knowledge.js";
import { importKnowledge } from "./import-knowledge.js";
import { knowledgeKey } from "./knowledge-key.js";
import { type Knowledge, recordLesson, recordOutcome } from "./record-outcome.js";

const restart = {
  pattern: "uptime_problems",
  solution: "service_restart",
  platform: "exec",
  scale: "any",
} as const;

function exported(): Knowledge {
  let knowledge = recordOutcome({}, { ...restart, isSuccess: true, recoveryMs: 2000 }, 100);
  knowledge = recordOutcome(knowledge, { ...restart, isSuccess: false, recoveryMs: null }, 200);
  return recordLesson(knowledge, restart, { at: 150, by: "ana", note: "pool was full", incidentId: "inc-1" });
}

describe("importKnowledge", () => {
  it("brings rows new here in as imported, and leaves untried catalog rows catalog", () => {
    const here = catalogKnowledge(SEED_PATTERNS);
    const merged = importKnowledge(here, [...Object.values(exported()), ...Object.values(here)]);
    expect(merged[knowledgeKey(restart)]).toMatchObject({ tries: 2, successes: 1, provenance: "imported" });
    const catalogRow = { ...restart, platform: "any" } as const;
    expect(merged[knowledgeKey(catalogRow)]).toMatchObject({ tries: 0, provenance: "catalog" });
  });

  it("adds counts to a row known here, which keeps its provenance, and merges lessons", () => {
    let here = recordOutcome({}, { ...restart, isSuccess: true, recoveryMs: 4000 }, 300);
    here = recordLesson(here, restart, { at: 310, by: "bo", note: "restart took", incidentId: "inc-9" });
    const merged = importKnowledge(here, Object.values(exported()));
    expect(merged[knowledgeKey(restart)]).toMatchObject({
      tries: 3,
      successes: 2,
      meanRecoveryMs: 3000,
      recentRecoveryMs: [4000, 2000],
      p90RecoveryMs: 4000,
      lastOutcome: "succeeded",
      lastAt: 300,
      provenance: "learned",
      lessons: [{ note: "restart took" }, { note: "pool was full" }],
    });
    // The same lesson twice is kept once.
    const twice = importKnowledge(merged, Object.values(exported()));
    expect(twice[knowledgeKey(restart)]!.lessons).toHaveLength(2);
    expect(twice[knowledgeKey(restart)]!.tries).toBe(5);
  });
});

import { describe, expect, it } from "vitest";
import { plan, runTable as run } from "../../test/support/engine-table.js";
import { learnedKnowledge } from "../../test/support/learned-knowledge.js";
import { remedyFinished } from "../../test/support/remedy-finished.js";
import { OPEN_RAILS, shopSettings } from "../../test/support/shop-settings.js";
import { webDown as down, webUp as up } from "../../test/support/web-symptoms.js";
import { knowledgeKey } from "../knowledge/knowledge-key.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState } from "../protocol/engine-state.js";
import { initialState } from "./initial-state.js";

const S = 1000;
const tick: EngineEvent = { type: "Tick" };

function webState(solutions = ["service_restart", "failover_activation"]): EngineState {
  return initialState(
    shopSettings(
      solutions.map((solution) => plan(solution)),
      OPEN_RAILS,
    ),
    [{ name: "web", platform: "docker", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] }],
  );
}

describe("the engine learns per platform and scale", () => {
  it("starts from the catalog's untried rows", () => {
    const row = knowledgeKey({
      pattern: "uptime_problems",
      solution: "DNS_refresh",
      platform: "any",
      scale: "any",
    });
    expect(webState().knowledge[row]).toMatchObject({ tries: 0, provenance: "catalog" });
  });

  it("records an outcome at the service's measured scale, with its time to recover", () => {
    run(webState(), [
      { at: 0, event: { type: "ServiceScaleMeasured", service: "web", scale: "large" } },
      { at: 1 * S, event: down },
      { at: 2 * S, event: remedyFinished("inc-1.001", true) },
      { at: 5 * S, event: up },
      {
        at: 7 * S,
        event: tick,
        effects: [
          {
            type: "RecordOutcome",
            solution: "service_restart",
            platform: "docker",
            scale: "large",
            isSuccess: true,
            recoveryMs: 4 * S,
          },
          { type: "ArchiveIncident" },
        ],
      },
    ]);
  });

  it("keeps an operator's note on resolve as a lesson of the remedy last run", () => {
    const { state } = run(webState(), [
      { at: 0, event: down },
      { at: 1 * S, event: remedyFinished("inc-1.001", false) },
      {
        at: 2 * S,
        event: {
          type: "IncidentResolvedByOperator",
          incidentId: "inc-1",
          by: "ana",
          note: "the disk was full; freed it",
        },
      },
    ]);
    expect(learnedKnowledge(state)).toMatchObject([
      { solution: "service_restart", tries: 1, successes: 0, lessons: [] },
      {
        solution: "failover_activation",
        platform: "docker",
        scale: "any",
        tries: 0,
        lessons: [{ at: 2 * S, by: "ana", note: "the disk was full; freed it", incidentId: "inc-1" }],
      },
    ]);
  });

  it("learns nothing from a resolve without a note", () => {
    const { state } = run(webState(), [
      { at: 0, event: down },
      { at: 2 * S, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" } },
    ]);
    expect(learnedKnowledge(state)).toEqual([]);
  });

  it("ranks an imported record in the next incident's choice", () => {
    const imported: EngineEvent = {
      type: "KnowledgeImported",
      by: "ana",
      entries: [
        {
          pattern: "uptime_problems",
          solution: "service_restart",
          platform: "docker",
          scale: "any",
          tries: 4,
          successes: 0,
          meanRecoveryMs: null,
          p90RecoveryMs: null,
          recentRecoveryMs: [],
          lastOutcome: "failed",
          lastAt: 5,
          lessons: [],
          provenance: "learned",
        },
      ],
    };
    const { state } = run(webState(["service_restart", "DNS_refresh"]), [
      { at: 0, event: imported },
      // Restart failed 4 of 4 elsewhere: the untried DNS refresh goes first, though configured second.
      { at: 1 * S, event: down, effects: [{ type: "RunRemedy", solution: "DNS_refresh" }] },
    ]);
    expect(learnedKnowledge(state)).toMatchObject([{ solution: "service_restart", provenance: "imported" }]);
  });
});

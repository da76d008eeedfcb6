import { describe, expect, it } from "vitest";
import type { RunRemedy } from "../protocol/effect.js";
import { type RecordedOutcome, simulateRemedy } from "./simulate-remedy.js";

const run: RunRemedy = {
  type: "RunRemedy",
  incidentId: "inc-9",
  actionId: "inc-9.001",
  dprId: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
  strike: 1,
  remedyIndex: 0,
  solution: "service_restart",
  tool: "exec",
  service: "api",
  isDryRun: false,
};

function recorded(actionId: string, extra: Partial<RecordedOutcome>): RecordedOutcome {
  return {
    actionId,
    solution: "service_restart",
    service: "api",
    startedAt: 0,
    outcome: "succeeded",
    exitCode: 0,
    durationMs: 100,
    elapsedMs: 103,
    ...extra,
  };
}

describe("simulateRemedy", () => {
  const cases: { name: string; at: number; recorded: RecordedOutcome[]; copies: string | undefined }[] = [
    {
      name: "copies the run of the same solution on the same service before one on another service",
      at: 0,
      recorded: [
        recorded("web.1", { service: "web", startedAt: 0 }),
        recorded("api.1", { startedAt: 50_000 }),
      ],
      copies: "api.1",
    },
    {
      name: "falls back to another service's run of the solution",
      at: 0,
      recorded: [recorded("web.1", { service: "web" })],
      copies: "web.1",
    },
    {
      name: "takes the run nearest in time",
      at: 9000,
      recorded: [recorded("api.1", { startedAt: 0 }), recorded("api.2", { startedAt: 10_000 })],
      copies: "api.2",
    },
    {
      name: "never copies another solution",
      at: 0,
      recorded: [recorded("api.1", { solution: "DNS_refresh" })],
      copies: undefined,
    },
  ];
  for (const { name, at, recorded: outcomes, copies } of cases) {
    it(name, () => {
      const { simulated } = simulateRemedy(run, 30_000, outcomes, at);
      expect(simulated).toEqual(
        copies === undefined ? { basis: "assumed" } : { basis: "recorded", actionId: copies },
      );
    });
  }

  it("ends as the copied run did, as long after its start as the engine took its outcome then", () => {
    const failed = recorded("api.1", { outcome: "failed", exitCode: 3, durationMs: 700, elapsedMs: 704 });
    expect(simulateRemedy(run, 30_000, [failed], 0)).toMatchObject({
      finished: {
        type: "RemedyFinished",
        incidentId: "inc-9",
        actionId: "inc-9.001",
        ok: false,
        exitCode: 3,
        durationMs: 700,
        isTimedOut: false,
      },
      afterMs: 704,
    });
  });

  it("times out at the new timeout a copied run that ran that long", () => {
    const slow = recorded("api.1", { durationMs: 700, elapsedMs: 704 });
    expect(simulateRemedy(run, 500, [slow], 0)).toMatchObject({
      finished: { ok: false, exitCode: null, durationMs: 500, isTimedOut: true },
      afterMs: 500,
    });
  });

  it("assumes success at once with nothing to copy", () => {
    expect(simulateRemedy(run, 30_000, [], 0)).toMatchObject({
      finished: { ok: true, exitCode: 0, durationMs: 0, isTimedOut: false },
      afterMs: 0,
    });
  });
});

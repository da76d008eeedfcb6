import { describe, expect, it } from "vitest";
import { demoInitialState, demoState } from "../test/demo-state.js";
import { computeDashboardFigures } from "./dashboard-figures.js";

describe("computeDashboardFigures", () => {
  it("counts strike-1 fixes, escalations and the success rate", () => {
    expect(computeDashboardFigures(demoState())).toEqual({
      resolvedAtStrike1: 1,
      resolvedAtStrike2: 0,
      escalated: 1,
      successRate: 0.5,
      pendingEscalations: 1,
    });
  });

  it("has no success rate before any incident was decided", () => {
    expect(computeDashboardFigures(demoInitialState()).successRate).toBeNull();
  });
});

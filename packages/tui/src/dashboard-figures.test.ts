import { EMPTY_HISTORY } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { demoInitialState, demoView } from "../test/support/demo-state.js";
import { computeDashboardFigures } from "./dashboard-figures.js";

describe("computeDashboardFigures", () => {
  it("counts strike-1 fixes, escalations and the success rate", () => {
    const { state, history } = demoView();
    expect(computeDashboardFigures(state, history)).toEqual({
      resolvedAtStrike1: 1,
      resolvedAtStrike2: 0,
      escalated: 1,
      successRate: 0.5,
      pendingEscalations: 1,
    });
  });

  it("has no success rate before any incident was decided", () => {
    expect(computeDashboardFigures(demoInitialState(), EMPTY_HISTORY).successRate).toBeNull();
  });
});

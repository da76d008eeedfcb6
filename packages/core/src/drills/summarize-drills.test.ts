import { describe, expect, it } from "vitest";
import type { Drill, DrillOutcome } from "../protocol/drill.js";
import { startDrill } from "./start-drill.js";
import { summarizeDrills } from "./summarize-drills.js";

function drill(
  id: string,
  outcome: DrillOutcome,
  times: { startedAt: number; detectMs?: number; repairMs?: number; heldBy?: Drill["heldBy"] },
): Drill {
  return {
    ...startDrill({
      id,
      service: "web",
      fault: "stop",
      by: "schedule",
      startedAt: times.startedAt,
      deadlineAt: times.startedAt + 60_000,
    }),
    injectedAt: outcome === "not_injected" ? null : times.startedAt,
    incidentId: times.detectMs === undefined ? null : `i-${id}`,
    detectMs: times.detectMs ?? null,
    repairMs: times.repairMs ?? null,
    resolution: times.repairMs === undefined ? null : "remedied",
    heldBy: times.heldBy ?? null,
    outcome,
    finishedAt: outcome === "running" ? null : times.startedAt + 60_000,
  };
}

describe("summarizeDrills", () => {
  it("is faults detected over faults injected, with mean times to detect and repair", () => {
    const drills = [
      drill("a", "repaired", { startedAt: 1_000, detectMs: 2_000, repairMs: 8_000 }),
      drill("b", "repaired", { startedAt: 2_000, detectMs: 4_000, repairMs: 12_000 }),
      drill("c", "not_repaired", { startedAt: 3_000, detectMs: 3_000, heldBy: "maintenance" }),
      drill("d", "not_detected", { startedAt: 4_000 }),
    ];
    expect(summarizeDrills(drills, 0, 10_000)).toEqual({
      drills_run: 4,
      faults_injected: 4,
      faults_detected: 3,
      faults_repaired: 2,
      monitoring_effectiveness: 0.75,
      mean_time_to_detect_ms: 3_000,
      mean_time_to_repair_ms: 10_000,
      held_by_rails: 1,
    });
  });

  it("leaves out drills that injected nothing, still run, or were interrupted", () => {
    const drills = [
      drill("a", "not_injected", { startedAt: 1_000 }),
      drill("b", "running", { startedAt: 2_000, detectMs: 1_000 }),
      drill("c", "interrupted", { startedAt: 3_000 }),
      drill("d", "not_detected", { startedAt: 4_000 }),
    ];
    const summary = summarizeDrills(drills, 0, 10_000);
    expect(summary).toMatchObject({ drills_run: 4, faults_injected: 1, faults_detected: 0 });
    expect(summary.monitoring_effectiveness).toBe(0);
  });

  it("counts only drills started within the window, and has no effectiveness without one", () => {
    const drills = [drill("a", "repaired", { startedAt: 1_000, detectMs: 1, repairMs: 2 })];
    expect(summarizeDrills(drills, 5_000, 10_000)).toMatchObject({
      drills_run: 0,
      monitoring_effectiveness: null,
      mean_time_to_detect_ms: null,
    });
  });
});

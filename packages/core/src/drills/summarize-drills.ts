import type { Drill, DrillSummary } from "../protocol/drill.js";

/** Ran to their end with the fault injected: what monitoring effectiveness is measured over. */
function isInjected(drill: Drill): boolean {
  return drill.outcome === "repaired" || drill.outcome === "not_repaired" || drill.outcome === "not_detected";
}

function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** The drills started within `[from, to]`: monitoring effectiveness is faults detected ÷ faults injected. */
export function summarizeDrills(drills: readonly Drill[], from: number, to: number): DrillSummary {
  const inWindow = drills.filter((drill) => drill.startedAt >= from && drill.startedAt <= to);
  const injected = inWindow.filter(isInjected);
  const detectMs = injected.flatMap((drill) => (drill.detectMs === null ? [] : [drill.detectMs]));
  const repairMs = injected.flatMap((drill) => (drill.repairMs === null ? [] : [drill.repairMs]));
  return {
    drills_run: inWindow.length,
    faults_injected: injected.length,
    faults_detected: detectMs.length,
    faults_repaired: repairMs.length,
    monitoring_effectiveness: injected.length === 0 ? null : detectMs.length / injected.length,
    mean_time_to_detect_ms: meanOf(detectMs),
    mean_time_to_repair_ms: meanOf(repairMs),
    held_by_rails: inWindow.filter((drill) => drill.heldBy !== null).length,
  };
}

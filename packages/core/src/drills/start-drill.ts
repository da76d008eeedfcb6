import type { Drill } from "../protocol/drill.js";

/** A drill as it starts: running, its fault not injected yet, nothing observed. */
export function startDrill(
  fields: Pick<Drill, "id" | "service" | "fault" | "by" | "startedAt" | "deadlineAt">,
): Drill {
  return {
    ...fields,
    injectedAt: null,
    incidentId: null,
    detectMs: null,
    repairMs: null,
    resolution: null,
    heldBy: null,
    outcome: "running",
    finishedAt: null,
    note: "",
  };
}

import type { EngineEvent, RemedyFinished } from "../../src/protocol/engine-event.js";

/** The remedy `actionId` of incident `inc-1` ended after 100 ms: exit 0 when `ok`, else exit 1. */
export function remedyFinished(
  actionId: string,
  ok: boolean,
  extra: Partial<RemedyFinished> = {},
): EngineEvent {
  return {
    type: "RemedyFinished",
    incidentId: "inc-1",
    actionId,
    ok,
    exitCode: ok ? 0 : 1,
    durationMs: 100,
    isTimedOut: false,
    ...extra,
  };
}

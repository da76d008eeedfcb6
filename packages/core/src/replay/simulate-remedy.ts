import type { RunRemedy } from "../protocol/effect.js";
import type { RemedyFinished } from "../protocol/engine-event.js";
import type { Action, Incident } from "../protocol/engine-state.js";
import type { SimulatedOutcome } from "../protocol/replay-report.js";

/** A recorded action whose outcome is known, with the service it ran for. */
export type RecordedOutcome = Pick<Action, "actionId" | "solution" | "startedAt" | "exitCode"> & {
  readonly service: string;
  readonly outcome: "succeeded" | "failed" | "timed_out";
  /** As the executor measured it. */
  readonly durationMs: number;
  /** From the start to the engine taking the outcome, a little more than `durationMs`. */
  readonly elapsedMs: number;
};

/** The simulated end of a remedy of the new run, for the engine to take `afterMs` after it started. */
export type SimulatedRemedy = {
  readonly finished: RemedyFinished;
  readonly afterMs: number;
  readonly simulated: SimulatedOutcome;
};

/** The recorded actions a simulation can copy: interrupted, cancelled and still running ones never finished. */
export function listRecordedOutcomes(incidents: readonly Incident[]): RecordedOutcome[] {
  return incidents.flatMap((incident) =>
    incident.actions.flatMap((action) => {
      const { outcome, durationMs, finishedAt } = action;
      const isFinished = outcome === "succeeded" || outcome === "failed" || outcome === "timed_out";
      if (!isFinished || durationMs === null || finishedAt === null) return [];
      const elapsedMs = finishedAt - action.startedAt;
      return [{ ...action, outcome, durationMs, elapsedMs, service: incident.service }];
    }),
  );
}

/** The same solution on the same service if it ran there, else on any; the run nearest in time. */
function pickRecorded(
  recorded: readonly RecordedOutcome[],
  effect: RunRemedy,
  now: number,
): RecordedOutcome | undefined {
  const sameSolution = recorded.filter((action) => action.solution === effect.solution);
  const sameService = sameSolution.filter((action) => action.service === effect.service);
  const candidates = sameService.length > 0 ? sameService : sameSolution;
  let best: RecordedOutcome | undefined;
  for (const action of candidates) {
    if (best === undefined || Math.abs(action.startedAt - now) < Math.abs(best.startedAt - now))
      best = action;
  }
  return best;
}

/**
 * How a remedy the new run starts would end, since a replay executes nothing: as the recording's nearest
 * run of the same solution ended, and as long after its start (timed out at the new `timeoutMs` if it ran
 * that long), else assumed to succeed at once.
 */
export function simulateRemedy(
  effect: RunRemedy,
  timeoutMs: number,
  recorded: readonly RecordedOutcome[],
  now: number,
): SimulatedRemedy {
  const ids = { type: "RemedyFinished", incidentId: effect.incidentId, actionId: effect.actionId } as const;
  const source = pickRecorded(recorded, effect, now);
  if (source === undefined) {
    return {
      finished: { ...ids, ok: true, exitCode: 0, durationMs: 0, isTimedOut: false },
      afterMs: 0,
      simulated: { basis: "assumed" },
    };
  }
  const simulated = { basis: "recorded", actionId: source.actionId } as const;
  if (source.durationMs >= timeoutMs) {
    const finished = { ...ids, ok: false, exitCode: null, durationMs: timeoutMs, isTimedOut: true };
    return { finished, afterMs: timeoutMs, simulated };
  }
  const isTimedOut = source.outcome === "timed_out";
  return {
    finished: {
      ...ids,
      ok: source.outcome === "succeeded",
      exitCode: isTimedOut ? null : source.exitCode,
      durationMs: source.durationMs,
      isTimedOut,
    },
    afterMs: source.elapsedMs,
    simulated,
  };
}

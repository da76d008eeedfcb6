import { assertNever } from "../assert-never.js";
import { nextWakeAt } from "../engine/deadlines.js";
import { step } from "../engine/step.js";
import type { Effect } from "../protocol/effect.js";
import type { EngineEvent, RemedyFinished } from "../protocol/engine-event.js";
import type { EngineState, Incident } from "../protocol/engine-state.js";
import type { SimulatedOutcome } from "../protocol/replay-report.js";
import { findIncidentAt } from "./find-incident-at.js";
import { listRecordedOutcomes, simulateRemedy } from "./simulate-remedy.js";

/** One journal row: an engine event and when the daemon stepped it. */
export type JournalEntry = { readonly at: number; readonly event: EngineEvent };

/** The new run: every incident it opened, as it ended or stood at the end, and how its actions ended. */
export type JournalRun = {
  readonly incidents: readonly Incident[];
  readonly outcomes: ReadonlyMap<string, SimulatedOutcome>;
  /** Journal entries fed to the reducer; the recorded run's own outcomes and ticks are not. */
  readonly replayedEvents: number;
};

type PendingFinish = { readonly dueAt: number; readonly finished: RemedyFinished };

/**
 * Runs the reducer over the journal's outside events (symptoms, health reports, operators) at their
 * recorded times, starting from `initial`, which carries the settings to try, on a fake clock that stops at
 * `endsAt`. The new run's effects are never performed: its remedies end as `simulateRemedy` says, and it
 * ticks at every deadline, as the daemon wakes.
 */
export function runJournal(input: {
  readonly entries: readonly JournalEntry[];
  readonly initial: EngineState;
  readonly recorded: readonly Incident[];
  readonly endsAt: number;
}): JournalRun {
  const recordedById = new Map(input.recorded.map((incident) => [incident.id, incident]));
  const recordedOutcomes = listRecordedOutcomes(input.recorded);
  const pending = new Map<string, PendingFinish>();
  /** Answers to the new run's re-checks, taken at once, before anything else is due. */
  const answers: EngineEvent[] = [];
  const outcomes = new Map<string, SimulatedOutcome>();
  const archived: Incident[] = [];
  let state = input.initial;
  let clock = Number.NEGATIVE_INFINITY;
  let next = 0;
  let replayedEvents = 0;

  /** The recorded incident's counterpart among the new run's live ones, by the symptom that opened it. */
  const toLiveId = (recordedId: string): string | undefined => {
    const opened = recordedById.get(recordedId);
    if (opened === undefined) return undefined;
    const { service, pattern, openedAt } = opened;
    return findIncidentAt(Object.values(state.incidents), service, pattern, openedAt)?.id;
  };

  const perform = (effect: Effect, now: number): void => {
    switch (effect.type) {
      case "RunRemedy": {
        // A dry run ends as it starts, recorded as would_run: there is no outcome to simulate.
        if (effect.isDryRun) return;
        const timeoutMs = state.settings.remedies[effect.remedyIndex]?.timeoutMs ?? Number.POSITIVE_INFINITY;
        const { finished, afterMs, simulated } = simulateRemedy(effect, timeoutMs, recordedOutcomes, now);
        pending.set(effect.actionId, { dueAt: now + afterMs, finished });
        outcomes.set(effect.actionId, simulated);
        return;
      }
      case "RecheckSymptom":
        // Nothing can be probed: the engine asks only while a source of the symptom is active, and the
        // answer comes before any other event, so the symptom is still there.
        answers.push({ type: "SymptomRechecked", incidentId: effect.incidentId, isPresent: true });
        return;
      case "CancelRemedy":
        pending.delete(effect.actionId);
        return;
      case "ArchiveIncident":
        archived.push(effect.incident);
        return;
      // Nothing leaves a replay: the escalation is on its incident, the knowledge in the state.
      case "Escalate":
      case "RecordOutcome":
        return;
      default:
        assertNever(effect);
    }
  };

  const apply = (event: EngineEvent): void => {
    const result = step(state, event, clock);
    state = result.state;
    for (const effect of result.effects) perform(effect, clock);
  };

  for (;;) {
    const answer = answers.shift();
    if (answer !== undefined) {
      apply(answer);
      continue;
    }
    const entry = input.entries[next];
    const finish = earliest(pending.values());
    const wakeAt = nextWakeAt(state);
    const dueAt = Math.min(entry?.at ?? Infinity, finish?.dueAt ?? Infinity, wakeAt ?? Infinity);
    if (dueAt > input.endsAt) break;
    // A wall clock can step back between two journal rows; the engine's time never does.
    clock = Math.max(clock, dueAt);
    let event: EngineEvent | undefined;
    if (finish !== undefined && finish.dueAt === dueAt) {
      pending.delete(finish.finished.actionId);
      event = finish.finished;
    } else if (entry !== undefined && entry.at === dueAt) {
      next += 1;
      event = replayedEvent(entry.event, toLiveId);
      if (event === undefined) continue;
      replayedEvents += 1;
    } else {
      event = { type: "Tick" };
    }
    apply(event);
  }
  return { incidents: [...archived, ...Object.values(state.incidents)], outcomes, replayedEvents };
}

function earliest(pending: Iterable<PendingFinish>): PendingFinish | undefined {
  let found: PendingFinish | undefined;
  for (const candidate of pending) {
    if (found === undefined || candidate.dueAt < found.dueAt) found = candidate;
  }
  return found;
}

/**
 * What the new run takes from a recorded event: the outside world's events as they were, an operator's
 * with the incident mapped to the new run's; not the recorded run's own outcomes and ticks.
 */
function replayedEvent(
  event: EngineEvent,
  toLiveId: (recordedId: string) => string | undefined,
): EngineEvent | undefined {
  switch (event.type) {
    case "SymptomSeen":
    case "SymptomCleared":
    case "HealthReported":
    case "DeployReported":
    case "SlaBurnMeasured":
    case "AutomationPaused":
    case "AutomationResumed":
    case "ServiceScaleMeasured":
    case "KnowledgeImported":
    case "SilenceCreated":
    case "SilenceExpired":
    case "MaintenanceStarted":
      return event;
    case "IncidentAcknowledged":
    case "IncidentResolvedByOperator":
    case "ActionApproved":
    case "ActionDenied": {
      const incidentId = toLiveId(event.incidentId);
      return incidentId === undefined ? undefined : { ...event, incidentId };
    }
    case "RemedyFinished":
    case "RemedyInterrupted":
    case "SymptomRechecked":
    case "Tick":
      return undefined;
    default:
      return assertNever(event);
  }
}

import { formatDurationMs } from "../duration/format-duration-ms.js";
import type { Effect, RecheckSymptom } from "../protocol/effect.js";
import type { EngineState, Incident, IncidentPhase, RemedyPlan } from "../protocol/engine-state.js";
import type { EscalationReason } from "../protocol/names.js";
import { countActions, lastActionAt } from "./action-log.js";
import { incidentIndexOf } from "./incident-index.js";
import { maintenanceEndOf } from "./maintenance.js";
import { silencesOfIncident } from "./silences.js";

/** A configured remedy as the ladder ranks it: its plan and its index in the settings. */
export type RankedRemedy = RemedyPlan & { readonly order: number };

/** Why a remedy may not run on a service now, or undefined when it may. */
type RemedyGate = (
  state: EngineState,
  remedy: RankedRemedy,
  service: string,
  now: number,
) => string | undefined;

export type GateContext = {
  readonly state: EngineState;
  /** Open, in the strike that is about to act. */
  readonly incident: Incident;
  readonly remedy: RankedRemedy;
  readonly now: number;
  /** The symptom was just probed again and is still there. */
  readonly isSymptomConfirmed: boolean;
};

type WaitingPhase = Extract<IncidentPhase, { kind: "queued" | "held" | "rechecking" | "awaiting_approval" }>;

/**
 * What a gate decided: `go` passes to the next gate; the others stop the action, each with the message
 * the timeline shows.
 */
export type GateVerdict =
  | { readonly kind: "go" }
  /** The incident waits in `phase`; the strike budget keeps running. */
  | {
      readonly kind: "wait";
      readonly phase: WaitingPhase;
      readonly message: string;
      readonly effects: readonly Effect[];
    }
  | { readonly kind: "escalate"; readonly reason: EscalationReason; readonly message: string }
  /** The symptom is gone: verify it stays gone, without acting. */
  | { readonly kind: "verify"; readonly message: string };

type Gate = (context: GateContext) => GateVerdict;

const GO: GateVerdict = { kind: "go" };

function roundUpToSecondMs(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

const cooldownGate: RemedyGate = (state, remedy, service, now) => {
  const { cooldownMs } = state.settings.automation;
  const lastAt = lastActionAt(state, { remedyIndex: remedy.order, service });
  if (lastAt === undefined || now >= lastAt + cooldownMs) return undefined;
  const leftMs = roundUpToSecondMs(lastAt + cooldownMs - now);
  return `cooldown on ${service} for ${formatDurationMs(leftMs)} more (cooldown ${formatDurationMs(cooldownMs)})`;
};

const maxRunsGate: RemedyGate = (state, remedy, service, now) => {
  const { count, windowMs } = state.settings.automation.maxRuns;
  const runs = countActions(state, windowMs, now, { remedyIndex: remedy.order, service });
  if (runs < count) return undefined;
  return `ran ${runs} times on ${service} in the last ${formatDurationMs(windowMs)} (max_runs ${count} per ${formatDurationMs(windowMs)})`;
};

/** Per (remedy, service), in this order: a remedy held back by one is dropped and the next candidate tried. */
const REMEDY_GATES: readonly RemedyGate[] = [cooldownGate, maxRunsGate];

/** Why the remedy is held back on the service, or undefined when every remedy gate lets it run. */
export function holdBackRemedy(
  state: EngineState,
  remedy: RankedRemedy,
  service: string,
  now: number,
): string | undefined {
  for (const gate of REMEDY_GATES) {
    const reason = gate(state, remedy, service, now);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** During a maintenance window of its service nothing acts, and nothing escalates for lack of acting. */
const maintenanceGate: Gate = ({ state, incident, now }) => {
  const endsAt = maintenanceEndOf(state, incident.service, now);
  if (endsAt === undefined) return GO;
  return {
    kind: "wait",
    phase: { kind: "held", reason: "maintenance", since: now },
    message: `held: ${incident.service} is in a maintenance window until ${new Date(endsAt).toISOString()}`,
    effects: [],
  };
};

const budgetGate: Gate = ({ state, now }) => {
  const { actions, windowMs } = state.settings.automation.budget;
  const used = countActions(state, windowMs, now);
  if (used < actions) return GO;
  return {
    kind: "escalate",
    reason: "action_budget",
    message: `action budget spent: ${used} actions in the last ${formatDurationMs(windowMs)} (budget ${actions})`,
  };
};

const pauseGate: Gate = ({ state, now }) => {
  const { automation } = state;
  if (!automation.isPaused) return GO;
  const by = automation.changedBy === null ? "" : ` by ${automation.changedBy}`;
  return {
    kind: "wait",
    phase: { kind: "held", reason: "paused", since: now },
    message: `held: automation paused${by}`,
    effects: [],
  };
};

/** A flapping service gets no action until its symptom settles; its one incident was escalated. */
const flappingGate: Gate = ({ state, incident, now }) => {
  if ((state.flapping[incident.service]?.since ?? null) === null) return GO;
  return {
    kind: "wait",
    phase: { kind: "held", reason: "flapping", since: now },
    message: `held: ${incident.service} is flapping`,
    effects: [],
  };
};

/** A silenced symptom is not acted on: the incident it opened before the silence waits until it ends. */
const silenceGate: Gate = ({ state, incident, now }) => {
  const [silence] = silencesOfIncident(state, incident);
  if (silence === undefined) return GO;
  return {
    kind: "wait",
    phase: { kind: "held", reason: "silenced", since: now },
    message: `held: silenced by ${silence.createdBy} (${silence.id})`,
    effects: [],
  };
};

const concurrencyGate: Gate = ({ state, incident, now }) => {
  const { perService, total } = state.settings.automation.concurrency;
  const others = [...incidentIndexOf(state).usingSlot]
    .filter((id) => id !== incident.id)
    .map((id) => state.incidents[id]!);
  const onService = others.filter((other) => other.service === incident.service).length;
  const why =
    onService >= perService
      ? `${onService} running on ${incident.service} (per_service ${perService})`
      : others.length >= total
        ? `${others.length} running in all (total ${total})`
        : undefined;
  if (why === undefined) return GO;
  return { kind: "wait", phase: { kind: "queued", since: now }, message: `queued: ${why}`, effects: [] };
};

/** Never act on a cleared symptom: probe it once more, unless the engine already knows it is gone. */
const recheckGate: Gate = ({ incident, remedy, now, isSymptomConfirmed }) => {
  if (incident.activeSources.length === 0) {
    return {
      kind: "verify",
      message: "symptom cleared before acting: nothing run, verifying it stays clear",
    };
  }
  if (isSymptomConfirmed) return GO;
  return {
    kind: "wait",
    phase: { kind: "rechecking", remedyIndex: remedy.order, since: now },
    message: `re-checking the symptom before running ${remedy.solution}`,
    effects: [recheckRequest(incident)],
  };
};

/** The effect that asks for the incident's symptom to be probed again, answered by `SymptomRechecked`. */
export function recheckRequest(incident: Incident): RecheckSymptom {
  return {
    type: "RecheckSymptom",
    incidentId: incident.id,
    service: incident.service,
    pattern: incident.pattern,
    sources: incident.activeSources,
  };
}

/** An operator approved this remedy for the incident's current strike. */
function isApproved(incident: Incident, remedyIndex: number): boolean {
  return incident.approvals.some(
    (approval) =>
      approval.decision === "approved" &&
      approval.strike === incident.strike &&
      approval.remedyIndex === remedyIndex,
  );
}

/** Last, so a person is asked only about an action that would run at once; approved, it goes through again. */
const approvalGate: Gate = ({ incident, remedy, now }) => {
  if (remedy.isApprovalRequired !== true || isApproved(incident, remedy.order)) return GO;
  return {
    kind: "wait",
    phase: { kind: "awaiting_approval", remedyIndex: remedy.order, solution: remedy.solution, since: now },
    message: `awaiting approval to run ${remedy.solution}`,
    effects: [],
  };
};

/** Every gate an action passes once its remedy is chosen, in this order; the first verdict other than `go` wins. */
const ACTION_GATES: readonly Gate[] = [
  maintenanceGate,
  budgetGate,
  pauseGate,
  flappingGate,
  silenceGate,
  concurrencyGate,
  recheckGate,
  approvalGate,
];

export function gateAction(context: GateContext): GateVerdict {
  for (const gate of ACTION_GATES) {
    const verdict = gate(context);
    if (verdict.kind !== "go") return verdict;
  }
  return GO;
}

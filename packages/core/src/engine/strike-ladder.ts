import { assertNever } from "../assert-never.js";
import { formatDprId } from "../ids/dpr-id.js";
import { rankKnowledge } from "../knowledge/rank-knowledge.js";
import { rankRemedies } from "../knowledge/rank-remedies.js";
import { recordOutcome } from "../knowledge/record-outcome.js";
import { findPattern } from "../patterns/pattern-catalog.js";
import type { Effect } from "../protocol/effect.js";
import type { Action, EngineState, Incident, IncidentPhase } from "../protocol/engine-state.js";
import type { EscalationReason, KnowledgeScale, Platform } from "../protocol/names.js";
import { type GateVerdict, gateAction, holdBackRemedy, type RankedRemedy } from "./action-gates.js";
import { logAction } from "./action-log.js";
import { rollbackVersionOf } from "./deploys.js";
import {
  appendTimeline,
  archiveIncident,
  currentActionId,
  findAction,
  type Step,
  updateAction,
  withIncident,
} from "./incident-update.js";
import { isHeldForMaintenance, sendOrDeferEscalation } from "./maintenance.js";

type Strike = 1 | 2;

function platformOf(state: EngineState, incident: Incident): Platform {
  return state.services[incident.service]?.platform ?? "unknown";
}

function scaleOf(state: EngineState, incident: Incident): KnowledgeScale {
  return state.services[incident.service]?.scale ?? "any";
}

function candidateRemedies(state: EngineState, incident: Incident, strike: Strike): RankedRemedy[] {
  const pattern = findPattern(state.settings.patterns, incident.pattern);
  const solutions = strike === 1 ? pattern?.strike1Solutions : pattern?.strike2Alternatives;
  if (solutions === undefined) return [];
  const candidates = state.settings.remedies
    .map((plan, index) => ({ ...plan, order: index }))
    .filter(
      (plan) =>
        solutions.includes(plan.solution) && (plan.service === null || plan.service === incident.service),
    );
  const ranking = rankKnowledge(state.knowledge, {
    pattern: incident.pattern,
    platform: platformOf(state, incident),
    scale: scaleOf(state, incident),
  });
  return rankRemedies(candidates, ranking);
}

export function strikeTimeoutMs(state: EngineState, strike: number): number {
  return strike === 1 ? state.settings.strike1TimeoutMs : state.settings.strike2TimeoutMs;
}

/** Starts a strike: its budget runs from now, and it acts as soon as the gates let it. */
export function startStrike(state: EngineState, incident: Incident, strike: Strike, now: number): Step {
  const begun: Incident = {
    ...incident,
    state: "open",
    status: "YELLOW",
    strike,
    strikeStartedAt: now,
    phase: { kind: "idle" },
  };
  return actOnStrike(state, begun, now, false);
}

function isWaitingAlready(phase: IncidentPhase, verdict: Extract<GateVerdict, { kind: "wait" }>): boolean {
  if (phase.kind !== verdict.phase.kind) return false;
  return phase.kind !== "held" || verdict.phase.kind !== "held" || phase.reason === verdict.phase.reason;
}

/**
 * The open incident's strike acts: its best remedy the remedy gates let through, if the action gates
 * let it run now; else it skips, escalates, waits or verifies without acting, with the reason on the
 * timeline. An incident found waiting as it already was comes back unchanged.
 */
export function actOnStrike(
  state: EngineState,
  given: Incident,
  now: number,
  isSymptomConfirmed: boolean,
): Step {
  const incident = isHeldForMaintenance(given.phase) ? { ...given, strikeStartedAt: now } : given;
  const strike = incident.strike === 2 ? 2 : 1;
  const candidates = candidateRemedies(state, incident, strike);
  if (candidates.length === 0) {
    return skipStrike(state, incident, `no remedy configured for ${incident.pattern}`, false, now);
  }
  let considered = incident;
  let remedy: RankedRemedy | undefined;
  for (const candidate of candidates) {
    const heldBack = holdBackRemedy(state, candidate, incident.service, now);
    if (heldBack === undefined) {
      remedy = candidate;
      break;
    }
    considered = appendTimeline(considered, {
      at: now,
      kind: "remedy_held_back",
      message: `${candidate.solution} held back: ${heldBack}`,
    });
  }
  if (remedy === undefined) {
    return skipStrike(state, considered, "every remedy is held back by the rails", true, now);
  }
  const verdict = gateAction({ state, incident: considered, remedy, now, isSymptomConfirmed });
  switch (verdict.kind) {
    case "go":
      return runAction(state, considered, remedy, now);
    case "wait": {
      if (isWaitingAlready(given.phase, verdict)) return { state, effects: [] };
      const waiting = appendTimeline(
        { ...considered, phase: verdict.phase },
        { at: now, kind: verdict.phase.kind, message: verdict.message },
      );
      return { state: withIncident(state, waiting), effects: verdict.effects };
    }
    case "escalate": {
      const noted = appendTimeline(considered, { at: now, kind: verdict.reason, message: verdict.message });
      return escalate(state, noted, verdict.reason, now);
    }
    case "verify":
      return verifyWithoutActing(state, considered, verdict.message, now);
    default:
      return assertNever(verdict);
  }
}

/**
 * The symptom cleared before anything ran: its sources count as clear from now, and the incident is
 * verified as after an action; nothing ran, so nothing is learned.
 */
export function verifyWithoutActing(
  state: EngineState,
  incident: Incident,
  message: string,
  now: number,
): Step {
  const clearSince = incident.clearSince ?? now;
  const verifying = appendTimeline(
    {
      ...incident,
      activeSources: [],
      clearSince,
      phase: { kind: "verifying", actionId: null, remedyEndedAt: clearSince },
    },
    { at: now, kind: "symptom_cleared", message },
  );
  return { state: withIncident(state, verifying), effects: [] };
}

function skipStrike(
  state: EngineState,
  incident: Incident,
  why: string,
  isHeldByRails: boolean,
  now: number,
): Step {
  const skipped = appendTimeline(incident, {
    at: now,
    kind: "strike_skipped",
    message: `strike ${incident.strike} skipped: ${why}`,
  });
  if (incident.strike !== 2) return startStrike(state, skipped, 2, now);
  const reason = skipped.actions.length === 0 && !isHeldByRails ? "no_remedy" : "strikes_exhausted";
  return escalate(state, skipped, reason, now);
}

/** Every gate let the remedy through: it runs, or in a dry run is recorded as `would_run`. */
function runAction(state: EngineState, incident: Incident, remedy: RankedRemedy, now: number): Step {
  const strike = incident.strike === 2 ? 2 : 1;
  const stepNumber = incident.actions.length + 1;
  const actionId = `${incident.id}.${String(stepNumber).padStart(3, "0")}`;
  const dprId = formatDprId({
    project: state.settings.project,
    operation: remedy.solution,
    tool: remedy.tool,
    step: stepNumber,
  });
  const isDryRun = remedy.isDryRun || state.settings.automation.mode === "dry_run";
  const rollbackVersion =
    remedy.solution === "rollback_to_stable" ? rollbackVersionOf(state, incident.service) : undefined;
  const action: Action = {
    actionId,
    dprId,
    strike,
    solution: remedy.solution,
    tool: remedy.tool,
    remedyIndex: remedy.order,
    startedAt: now,
    finishedAt: isDryRun ? now : null,
    outcome: isDryRun ? "would_run" : "running",
    exitCode: null,
    durationMs: isDryRun ? 0 : null,
    verify: isDryRun ? "pending" : null,
  };
  const acting = appendTimeline(
    {
      ...incident,
      phase: isDryRun ? { kind: "verifying", actionId, remedyEndedAt: now } : { kind: "running", actionId },
      actions: [...incident.actions, action],
    },
    isDryRun
      ? {
          at: now,
          kind: "remedy_would_run",
          message: `strike ${strike}: dry run, would run ${remedy.solution}`,
          dprId,
        }
      : { at: now, kind: "remedy_started", message: `strike ${strike}: running ${remedy.solution}`, dprId },
  );
  const logged = logAction(withIncident(state, acting), {
    remedyIndex: remedy.order,
    service: incident.service,
    at: now,
  });
  return {
    state: logged,
    effects: [
      {
        type: "RunRemedy",
        incidentId: incident.id,
        actionId,
        dprId,
        strike,
        remedyIndex: remedy.order,
        solution: remedy.solution,
        tool: remedy.tool,
        service: incident.service,
        isDryRun,
        ...(rollbackVersion === undefined ? {} : { rollbackVersion }),
      },
    ],
  };
}

export function escalate(
  state: EngineState,
  incident: Incident,
  reason: EscalationReason,
  now: number,
): Step {
  const escalationId = `${incident.id}.esc`;
  const escalated = appendTimeline(
    {
      ...incident,
      state: "escalated",
      status: "RED",
      strike: 3,
      strikeStartedAt: now,
      phase: { kind: "idle" },
      escalation: { escalationId, reason, at: now },
    },
    { at: now, kind: "escalated", message: `strike 3: escalated to a human (${reason})` },
  );
  return sendOrDeferEscalation(
    state,
    escalated,
    { type: "Escalate", incidentId: incident.id, escalationId, reason },
    now,
  );
}

function train(
  state: EngineState,
  incident: Incident,
  solution: string,
  isSuccess: boolean,
  now: number,
): Step {
  // Down from its opening until its symptom cleared for good, which the verify window then confirmed.
  const recoveryMs = isSuccess ? (incident.clearSince ?? now) - incident.openedAt : null;
  const outcome = {
    pattern: incident.pattern,
    platform: platformOf(state, incident),
    scale: scaleOf(state, incident),
    solution,
    isSuccess,
    recoveryMs,
  };
  return {
    state: { ...state, knowledge: recordOutcome(state.knowledge, outcome, now) },
    effects: [{ type: "RecordOutcome", ...outcome }],
  };
}

/** The strike did not fix it: record that, then the next strike or a human. */
export function failStrike(state: EngineState, incident: Incident, why: string, now: number): Step {
  const actionId = currentActionId(incident);
  const action = actionId === undefined ? undefined : findAction(incident, actionId);
  const cancels: Effect[] = [];
  let failed = incident;
  if (action !== undefined) {
    const isRunning = incident.phase.kind === "running";
    if (isRunning) cancels.push({ type: "CancelRemedy", incidentId: incident.id, actionId: action.actionId });
    failed = updateAction(failed, action.actionId, {
      verify: "failed",
      ...(isRunning ? { outcome: "cancelled", finishedAt: now } : {}),
    });
  }
  failed = appendTimeline(failed, {
    at: now,
    kind: "strike_failed",
    message: `strike ${incident.strike} failed: ${why}`,
    ...(action === undefined ? {} : { dprId: action.dprId }),
  });
  const trained =
    action !== undefined && isLearnedFrom(action)
      ? train(withIncident(state, failed), failed, action.solution, false, now)
      : { state, effects: [] };
  const next =
    incident.strike === 1
      ? startStrike(trained.state, failed, 2, now)
      : escalate(trained.state, failed, "strikes_exhausted", now);
  return { state: next.state, effects: [...cancels, ...trained.effects, ...next.effects] };
}

/** A dry run or no action at all teaches nothing about the remedy. */
function isLearnedFrom(action: Action | undefined): boolean {
  return action !== undefined && action.outcome !== "would_run";
}

function describeClear(incident: Incident, action: Action | undefined): string {
  if (action === undefined) return "symptom stayed clear without an action: self-recovered";
  if (!isLearnedFrom(action)) {
    return `verified clear after strike ${incident.strike} (dry run of ${action.solution}, nothing ran): self-recovered`;
  }
  return `verified clear after strike ${incident.strike} (${action.solution})`;
}

export function succeedStrike(state: EngineState, incident: Incident, now: number): Step {
  const actionId = currentActionId(incident);
  const action = actionId === undefined ? undefined : findAction(incident, actionId);
  let resolved: Incident = { ...incident, state: "resolved", status: "GREEN", phase: { kind: "idle" } };
  if (action !== undefined) resolved = updateAction(resolved, action.actionId, { verify: "passed" });
  resolved = appendTimeline(
    { ...resolved, resolvedAt: now, resolution: isLearnedFrom(action) ? "remedied" : "self_recovered" },
    {
      at: now,
      kind: "resolved",
      message: describeClear(incident, action),
      ...(action === undefined ? {} : { dprId: action.dprId }),
    },
  );
  const archived = archiveIncident(state, resolved);
  if (action === undefined || !isLearnedFrom(action)) return archived;
  const trained = train(archived.state, resolved, action.solution, true, now);
  return { state: trained.state, effects: [...trained.effects, ...archived.effects] };
}

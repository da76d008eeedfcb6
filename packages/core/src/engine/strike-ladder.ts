import { formatDprId } from "../ids/dpr-id.js";
import { rankFixes } from "../knowledge/rank-fixes.js";
import { recordOutcome } from "../knowledge/record-outcome.js";
import { findPattern } from "../patterns/pattern-catalog.js";
import type { Effect } from "../protocol/effect.js";
import type { EngineState, Incident } from "../protocol/engine-state.js";
import type { EscalationReason } from "../protocol/names.js";
import {
  appendTimeline,
  archiveIncident,
  findAction,
  type Step,
  updateAction,
  withIncident,
} from "./incident-update.js";

type Strike = 1 | 2;

function platformOf(state: EngineState, incident: Incident): string {
  return state.services[incident.service]?.platform ?? "unknown";
}

function candidateRemedies(state: EngineState, incident: Incident, strike: Strike) {
  const pattern = findPattern(state.settings.patterns, incident.pattern);
  const solutions = strike === 1 ? pattern?.strike1Solutions : pattern?.strike2Alternatives;
  if (solutions === undefined) return [];
  const candidates = state.settings.remedies
    .map((plan, index) => ({ ...plan, order: index }))
    .filter(
      (plan) =>
        solutions.includes(plan.solution) && (plan.service === null || plan.service === incident.service),
    );
  return rankFixes(candidates, state.knowledge, incident.pattern, platformOf(state, incident));
}

export function strikeTimeoutMs(state: EngineState, strike: number): number {
  return strike === 1 ? state.settings.strike1TimeoutMs : state.settings.strike2TimeoutMs;
}

/** Runs the best applicable remedy of the strike; a strike with none is skipped to the next. */
export function startStrike(state: EngineState, incident: Incident, strike: Strike, now: number): Step {
  const [best] = candidateRemedies(state, incident, strike);
  if (best === undefined) {
    const skipped = appendTimeline(incident, {
      at: now,
      kind: "strike_skipped",
      message: `strike ${strike} skipped: no remedy configured for ${incident.pattern}`,
    });
    if (strike === 1) return startStrike(state, skipped, 2, now);
    const reason = skipped.actions.length === 0 ? "no_remedy" : "strikes_exhausted";
    return escalate(state, skipped, reason, now);
  }
  const stepNumber = incident.actions.length + 1;
  const actionId = `${incident.id}.${String(stepNumber).padStart(3, "0")}`;
  const dprId = formatDprId({
    project: state.settings.project,
    operation: best.solution,
    tool: best.tool,
    step: stepNumber,
  });
  const running = appendTimeline(
    {
      ...incident,
      state: "open",
      status: "YELLOW",
      strike,
      strikeStartedAt: now,
      phase: { kind: "running", actionId },
      actions: [
        ...incident.actions,
        {
          actionId,
          dprId,
          strike,
          solution: best.solution,
          tool: best.tool,
          remedyIndex: best.order,
          startedAt: now,
          finishedAt: null,
          outcome: "running",
          exitCode: null,
          durationMs: null,
          verify: null,
        },
      ],
    },
    { at: now, kind: "remedy_started", message: `strike ${strike}: running ${best.solution}`, dprId },
  );
  return {
    state: withIncident(state, running),
    effects: [
      {
        type: "RunRemedy",
        incidentId: incident.id,
        actionId,
        dprId,
        strike,
        remedyIndex: best.order,
        solution: best.solution,
        tool: best.tool,
        service: incident.service,
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
  return {
    state: withIncident(state, escalated),
    effects: [{ type: "Escalate", incidentId: incident.id, escalationId, reason }],
  };
}

function train(
  state: EngineState,
  incident: Incident,
  solution: string,
  isSuccess: boolean,
  now: number,
): Step {
  const outcome = { pattern: incident.pattern, platform: platformOf(state, incident), solution, isSuccess };
  return {
    state: { ...state, knowledge: recordOutcome(state.knowledge, outcome, now) },
    effects: [{ type: "RecordOutcome", ...outcome }],
  };
}

function currentActionId(incident: Incident): string | undefined {
  return incident.phase.kind === "idle" ? undefined : incident.phase.actionId;
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
    action === undefined
      ? { state, effects: [] }
      : train(withIncident(state, failed), failed, action.solution, false, now);
  const next =
    incident.strike === 1
      ? startStrike(trained.state, failed, 2, now)
      : escalate(trained.state, failed, "strikes_exhausted", now);
  return { state: next.state, effects: [...cancels, ...trained.effects, ...next.effects] };
}

export function succeedStrike(state: EngineState, incident: Incident, now: number): Step {
  const actionId = currentActionId(incident);
  const action = actionId === undefined ? undefined : findAction(incident, actionId);
  let resolved: Incident = { ...incident, state: "resolved", status: "GREEN", phase: { kind: "idle" } };
  if (action !== undefined) resolved = updateAction(resolved, action.actionId, { verify: "passed" });
  resolved = appendTimeline(
    { ...resolved, resolvedAt: now, resolution: "remedied" },
    {
      at: now,
      kind: "resolved",
      message: `verified clear after strike ${incident.strike}${action ? ` (${action.solution})` : ""}`,
      ...(action === undefined ? {} : { dprId: action.dprId }),
    },
  );
  const archived = archiveIncident(state, resolved);
  if (action === undefined) return archived;
  const trained = train(archived.state, resolved, action.solution, true, now);
  return { state: trained.state, effects: [...trained.effects, ...archived.effects] };
}

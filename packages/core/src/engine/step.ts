import { assertNever } from "../assert-never.js";
import { importKnowledge } from "../knowledge/import-knowledge.js";
import type { KnowledgeCoordinates } from "../knowledge/knowledge-key.js";
import { recordLesson } from "../knowledge/record-outcome.js";
import type {
  ActionApproved,
  ActionDenied,
  AutomationPaused,
  AutomationResumed,
  EngineEvent,
  HealthReported,
  IncidentAcknowledged,
  IncidentResolvedByOperator,
  RemedyFinished,
  RemedyInterrupted,
  ServiceScaleMeasured,
  SymptomCleared,
  SymptomRechecked,
  SymptomSeen,
} from "../protocol/engine-event.js";
import type { EngineState, Incident, TimelineEntry } from "../protocol/engine-state.js";
import { fireTriggers } from "../triggers/fire-triggers.js";
import { recordSlaBurn } from "../triggers/sla-burn.js";
import { answerApproval, isAwaitingApproval } from "./approvals.js";
import { settleDeadlines } from "./deadlines.js";
import { detectDependencyIssues } from "./dependency-symptoms.js";
import { recordDeploy, watchDeploys } from "./deploys.js";
import type { Detection } from "./detection.js";
import { flappingIncidentOf, joinedSource, watchFlapping } from "./flapping.js";
import {
  appendTimeline,
  archiveIncident,
  findAction,
  findLiveIncident,
  type Step,
  updateAction,
  withIncident,
} from "./incident-update.js";
import { settleMaintenance, startMaintenance } from "./maintenance.js";
import { noteSameServiceRules } from "./service-rules.js";
import {
  clearSilencedSymptom,
  createSilence,
  expireSilence,
  settleSilences,
  silenceSymptom,
} from "./silences.js";
import { actOnStrike, failStrike, startStrike, verifyWithoutActing } from "./strike-ladder.js";
import { DEFAULT_VERIFY_FOR_MS } from "./verify-window.js";
import { releaseWaiting } from "./waiting-incidents.js";
import { withEntries } from "./with-entries.js";

export type { Step };

export function step(state: EngineState, event: EngineEvent, now: number): Step {
  // Silences start and end before the event is judged, and again after it, which may have ended one.
  const silencesDue = applyDetection(settleSilences(state, now), now);
  const applied = applyEvent(silencesDue.state, event, now);
  const unsilenced = applyDetection(settleSilences(applied.state, now), now);
  const detected = detectSymptoms(state, unsilenced.state, event, now);
  const flapping = watchFlapping(state, detected.state, now);
  const maintained = settleMaintenance(flapping.state, now);
  const settled = settleDeadlines(maintained.state, now);
  const released = releaseWaiting(settled.state, now);
  const paged = fireTriggers(state, released.state, now);
  return {
    state: paged.state,
    effects: [
      ...silencesDue.effects,
      ...applied.effects,
      ...unsilenced.effects,
      ...detected.effects,
      ...flapping.effects,
      ...maintained.effects,
      ...settled.effects,
      ...released.effects,
      ...paged.effects,
    ],
  };
}

/**
 * The detectors that read the engine's own state rather than a signal: deploy timeouts and verify
 * windows, and services failing while a dependency is down.
 */
function detectSymptoms(before: EngineState, state: EngineState, event: EngineEvent, now: number): Step {
  const deploys = applyDetection(watchDeploys(before, state, event, now), now);
  const dependencies = applyDetection(
    { state: deploys.state, symptoms: detectDependencyIssues(deploys.state) },
    now,
  );
  return { state: dependencies.state, effects: [...deploys.effects, ...dependencies.effects] };
}

/** A detector's symptoms, raised and cleared as if their sources had reported them. */
function applyDetection(detection: Detection, now: number): Step {
  let current: Step = { state: detection.state, effects: [] };
  for (const symptom of detection.symptoms) {
    const next = applyEvent(current.state, symptom, now);
    current = { state: next.state, effects: [...current.effects, ...next.effects] };
  }
  return current;
}

function applyEvent(state: EngineState, event: EngineEvent, now: number): Step {
  switch (event.type) {
    case "SymptomSeen":
      return openOrJoinIncident(state, event, now);
    case "SymptomCleared":
      return clearSymptom(state, event, now);
    case "RemedyFinished":
      return finishRemedy(state, event, now);
    case "RemedyInterrupted":
      return interruptRemedy(state, event, now);
    case "IncidentAcknowledged":
      return updateLiveIncident(state, event.incidentId, (incident) =>
        appendTimeline(
          { ...incident, acknowledgedAt: now, acknowledgedBy: event.by },
          { at: now, kind: "acknowledged", message: `acknowledged by ${event.by}`, ...noteOf(event) },
        ),
      );
    case "IncidentResolvedByOperator":
      return resolveByOperator(state, event, now);
    case "HealthReported":
      return applyHealthReport(state, event, now);
    case "DeployReported":
      return applyDetection(recordDeploy(withServiceKnown(state, event.service), event, now), now);
    case "SymptomRechecked":
      return applyRecheck(state, event, now);
    case "AutomationPaused":
      return switchAutomation(state, event, true, now);
    case "AutomationResumed":
      return switchAutomation(state, event, false, now);
    case "ServiceScaleMeasured":
      return measureScale(state, event);
    case "KnowledgeImported":
      return unchanged({ ...state, knowledge: importKnowledge(state.knowledge, event.entries) });
    case "ActionApproved":
    case "ActionDenied":
      return answerOperator(state, event, now);
    case "SilenceCreated":
      return unchanged(createSilence(state, event, now));
    case "SilenceExpired":
      return unchanged(expireSilence(state, event, now));
    case "MaintenanceStarted":
      return unchanged(startMaintenance(state, event, now));
    case "SlaBurnMeasured":
      return unchanged(recordSlaBurn(withServiceKnown(state, event.service), event, now));
    case "Tick":
      return { state, effects: [] };
    default:
      return assertNever(event);
  }
}

function unchanged(state: EngineState): Step {
  return { state, effects: [] };
}

function updateLiveIncident(state: EngineState, id: string, update: (incident: Incident) => Incident): Step {
  const incident = state.incidents[id];
  // Unknown or already resolved: an operator's action can race the ladder.
  if (incident === undefined) return unchanged(state);
  return { state: withIncident(state, update(incident)), effects: [] };
}

function measureScale(previous: EngineState, event: ServiceScaleMeasured): Step {
  const state = withServiceKnown(previous, event.service);
  const service = state.services[event.service];
  if (service === undefined || service.scale === event.scale) return unchanged(state);
  return unchanged({
    ...state,
    services: withSameRules(state.services, { [event.service]: { ...service, scale: event.scale } }),
  });
}

/** The services with a scale measured or a service discovered: no rule of theirs changes. */
function withSameRules(
  services: EngineState["services"],
  changed: EngineState["services"],
): EngineState["services"] {
  const next = withEntries(services, changed);
  noteSameServiceRules(services, next);
  return next;
}

function withServiceKnown(state: EngineState, service: string): EngineState {
  if (state.services[service] !== undefined) return state;
  return {
    ...state,
    services: withSameRules(state.services, {
      [service]: {
        name: service,
        platform: "unknown",
        isDiscovered: true,
        verifyForMs: DEFAULT_VERIFY_FOR_MS,
        dependsOn: [],
      },
    }),
  };
}

function openOrJoinIncident(previous: EngineState, event: SymptomSeen, now: number): Step {
  const state = withServiceKnown(previous, event.service);
  const silenced = silenceSymptom(state, event);
  if (silenced !== undefined) return unchanged(silenced);
  // While a service flaps, its symptoms of any pattern join its one flapping incident.
  const live =
    findLiveIncident(state, event.service, event.pattern) ?? flappingIncidentOf(state, event.service);
  if (live !== undefined) {
    const source = joinedSource(live, event.pattern, event.source);
    if (live.activeSources.includes(source)) return unchanged(state);
    const joined = { ...live, activeSources: [...live.activeSources, source], clearSince: null };
    const noted =
      live.activeSources.length === 0
        ? appendTimeline(joined, { at: now, kind: "symptom_seen", message: symptomMessage(event) })
        : joined;
    // Back before anything ran: the strike tries to act again.
    const isVerifyingWithoutAction =
      live.state === "open" && live.phase.kind === "verifying" && live.phase.actionId === null;
    if (isVerifyingWithoutAction) return actOnStrike(state, noted, now, false);
    return unchanged(withIncident(state, noted));
  }
  const id = `inc-${state.nextIncidentNumber}`;
  const incident: Incident = {
    id,
    service: event.service,
    pattern: event.pattern,
    symptom: event.symptom,
    state: "open",
    status: "YELLOW",
    strike: 0,
    strikeStartedAt: null,
    openedAt: now,
    updatedAt: now,
    resolvedAt: null,
    resolution: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    phase: { kind: "idle" },
    activeSources: [event.source],
    clearSince: null,
    actions: [],
    timeline: [{ at: now, kind: "opened", message: symptomMessage(event) }],
    approvals: [],
    escalation: null,
    triggered: [],
  };
  return startStrike({ ...state, nextIncidentNumber: state.nextIncidentNumber + 1 }, incident, 1, now);
}

function symptomMessage(event: SymptomSeen): string {
  const detail = event.detail === undefined ? "" : `: ${event.detail}`;
  return `${event.symptom} (${event.pattern}) from ${event.source}${detail}`;
}

function clearSymptom(state: EngineState, event: SymptomCleared, now: number): Step {
  const unsilenced = clearSilencedSymptom(state, event);
  if (unsilenced !== undefined) return unchanged(unsilenced);
  const holding = [
    findLiveIncident(state, event.service, event.pattern),
    flappingIncidentOf(state, event.service),
  ];
  const live = holding.find((incident) =>
    incident?.activeSources.includes(joinedSource(incident, event.pattern, event.source)),
  );
  if (live === undefined) return unchanged(state);
  const cleared = joinedSource(live, event.pattern, event.source);
  const activeSources = live.activeSources.filter((source) => source !== cleared);
  if (activeSources.length > 0) return unchanged(withIncident(state, { ...live, activeSources }));
  const clear = appendTimeline(
    { ...live, activeSources, clearSince: now },
    { at: now, kind: "symptom_cleared", message: `symptom cleared (${event.source})` },
  );
  return unchanged(withIncident(state, clear));
}

function runningIncident(state: EngineState, incidentId: string, actionId: string): Incident | undefined {
  const incident = state.incidents[incidentId];
  const isRunningThis =
    incident?.state === "open" && incident.phase.kind === "running" && incident.phase.actionId === actionId;
  return isRunningThis ? incident : undefined;
}

/** How much of a remedy's output its action keeps, from the end, where the error usually is. */
const OUTPUT_TAIL_CHARS = 1_000;

function finishRemedy(state: EngineState, event: RemedyFinished, now: number): Step {
  // An outcome can land after the strike budget ran out or an operator closed the incident.
  const incident = runningIncident(state, event.incidentId, event.actionId);
  if (incident === undefined) return unchanged(state);
  const outcome = event.ok ? "succeeded" : event.isTimedOut ? "timed_out" : "failed";
  const dprId = findAction(incident, event.actionId)?.dprId;
  const finished = appendTimeline(
    updateAction(incident, event.actionId, {
      outcome,
      finishedAt: now,
      exitCode: event.exitCode,
      durationMs: event.durationMs,
      verify: event.ok ? "pending" : null,
      ...(event.output === undefined ? {} : { outputTail: event.output.slice(-OUTPUT_TAIL_CHARS) }),
    }),
    {
      at: now,
      kind: "remedy_finished",
      message: `remedy ${outcome} (exit ${event.exitCode ?? "none"}, ${event.durationMs} ms)`,
      ...(dprId === undefined ? {} : { dprId }),
    },
  );
  const ended: Incident = {
    ...finished,
    phase: { kind: "verifying", actionId: event.actionId, remedyEndedAt: now },
  };
  if (event.ok) return unchanged(withIncident(state, ended));
  const why = event.isTimedOut ? "remedy timed out" : `remedy exited ${event.exitCode ?? "abnormally"}`;
  return failStrike(state, ended, why, now);
}

/** Outcome unknown: count the remedy as ended now and let verification decide. */
function interruptRemedy(state: EngineState, event: RemedyInterrupted, now: number): Step {
  const incident = runningIncident(state, event.incidentId, event.actionId);
  if (incident === undefined) return unchanged(state);
  const dprId = findAction(incident, event.actionId)?.dprId;
  const interrupted = appendTimeline(
    updateAction(incident, event.actionId, { outcome: "interrupted", finishedAt: now, verify: "pending" }),
    {
      at: now,
      kind: "remedy_interrupted",
      message: "daemon restarted during the remedy; not run again, verifying instead",
      ...(dprId === undefined ? {} : { dprId }),
    },
  );
  const verifying: Incident = {
    ...interrupted,
    phase: { kind: "verifying", actionId: event.actionId, remedyEndedAt: now },
  };
  return unchanged(withIncident(state, verifying));
}

function applyRecheck(state: EngineState, event: SymptomRechecked, now: number): Step {
  const incident = state.incidents[event.incidentId];
  // An answer can land after the strike budget ran out or an operator closed the incident.
  if (incident?.state !== "open" || incident.phase.kind !== "rechecking") return unchanged(state);
  if (event.isPresent) return actOnStrike(state, incident, now, true);
  return verifyWithoutActing(
    state,
    incident,
    "symptom cleared before acting (re-checked): nothing run, verifying it stays clear",
    now,
  );
}

/** The kill switch; waiting incidents move on in `releaseWaiting` once it is off. */
function switchAutomation(
  state: EngineState,
  event: AutomationPaused | AutomationResumed,
  isPaused: boolean,
  now: number,
): Step {
  if (state.automation.isPaused === isPaused) return unchanged(state);
  return unchanged({
    ...state,
    automation: { isPaused, changedBy: event.by, changedAt: now, note: event.note ?? null },
  });
}

/** An approval or denial that lands after the incident stopped waiting for one changes nothing. */
function answerOperator(state: EngineState, event: ActionApproved | ActionDenied, now: number): Step {
  const incident = state.incidents[event.incidentId];
  if (!isAwaitingApproval(incident)) return unchanged(state);
  const decision = event.type === "ActionApproved" ? "approved" : "denied";
  return answerApproval(state, incident, { decision, by: event.by, ...noteOf(event) }, now);
}

/** The operator's note as a timeline entry carries it; nothing when there is none. */
function noteOf(
  event: IncidentAcknowledged | IncidentResolvedByOperator | ActionApproved | ActionDenied,
): Pick<TimelineEntry, "note"> {
  return event.note === undefined ? {} : { note: event.note };
}

function resolveByOperator(state: EngineState, event: IncidentResolvedByOperator, now: number): Step {
  const { incidentId, by } = event;
  const incident = state.incidents[incidentId];
  if (incident === undefined) return unchanged(state);
  const runningActionId = incident.phase.kind === "running" ? incident.phase.actionId : undefined;
  let resolved: Incident = {
    ...incident,
    state: "resolved",
    status: "GREEN",
    phase: { kind: "idle" },
    resolvedAt: now,
    resolution: "operator",
  };
  if (runningActionId !== undefined) {
    resolved = updateAction(resolved, runningActionId, { outcome: "cancelled", finishedAt: now });
  }
  resolved = appendTimeline(resolved, {
    at: now,
    kind: "resolved",
    message: `resolved by ${by}`,
    ...noteOf(event),
  });
  const archived = archiveIncident(withLesson(state, incident, event, now), resolved);
  if (runningActionId === undefined) return archived;
  return {
    state: archived.state,
    effects: [{ type: "CancelRemedy", incidentId, actionId: runningActionId }, ...archived.effects],
  };
}

/**
 * The operator's note on resolving becomes a lesson of the remedy last run for the incident, on the
 * service's platform and scale; with no note, or nothing run, there is nothing to learn.
 */
function withLesson(
  state: EngineState,
  incident: Incident,
  event: IncidentResolvedByOperator,
  now: number,
): EngineState {
  const lastRun = incident.actions.findLast((action) => action.outcome !== "would_run");
  if (event.note === undefined || event.note.trim() === "" || lastRun === undefined) return state;
  const service = state.services[incident.service];
  const row: KnowledgeCoordinates = {
    pattern: incident.pattern,
    solution: lastRun.solution,
    platform: service?.platform ?? "unknown",
    scale: service?.scale ?? "any",
  };
  const lesson = { at: now, by: event.by, note: event.note, incidentId: incident.id };
  return { ...state, knowledge: recordLesson(state.knowledge, row, lesson) };
}

export const HEALTH_SOURCE = "health";

/** A failing report is a failing health check, or with `kind: config_error` an environment misconfiguration. */
const HEALTH_SYMPTOMS = {
  failing: { pattern: "uptime_problems", symptom: "health_check_failures" },
  config_error: { pattern: "deployment_failures", symptom: "environment_misconfigurations" },
} as const;

function applyHealthReport(previous: EngineState, event: HealthReported, now: number): Step {
  const state = withServiceKnown(previous, event.service);
  if (event.status === "failing") {
    const { pattern, symptom } = HEALTH_SYMPTOMS[event.kind ?? "failing"];
    const seen: SymptomSeen = {
      type: "SymptomSeen",
      service: event.service,
      pattern,
      symptom,
      source: HEALTH_SOURCE,
      ...(event.detail === undefined ? {} : { detail: event.detail }),
    };
    return openOrJoinIncident(state, seen, now);
  }
  if (event.status === "ok") {
    // An ok report clears what the service's earlier failing reports raised, whichever kind they were.
    const symptoms = Object.values(HEALTH_SYMPTOMS).map(
      ({ pattern }): SymptomCleared => ({
        type: "SymptomCleared",
        service: event.service,
        pattern,
        source: HEALTH_SOURCE,
      }),
    );
    return applyDetection({ state, symptoms }, now);
  }
  return unchanged(state);
}

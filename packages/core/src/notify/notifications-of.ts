import { assertNever } from "../assert-never.js";
import { formatDurationMs } from "../duration/format-duration-ms.js";
import { changedIncidentIds, inRecordOrder } from "../engine/incident-index.js";
import type { Step } from "../engine/incident-update.js";
import type { ArchiveIncident, Escalate, RunRemedy } from "../protocol/effect.js";
import type { EngineState, Incident, IncidentPhase } from "../protocol/engine-state.js";
import type { EscalationReport } from "../protocol/escalation-report.js";
import type { Notification, NotificationKind } from "../protocol/notification.js";
import { escalationReportsOf } from "../reports/escalation-reports-of.js";
import { urgencyOf } from "../reports/urgency-of.js";

/** The fields that belong to one kind only, all null: each kind sets its own. */
const NO_DETAIL = {
  actionId: null,
  dprId: null,
  solution: null,
  escalationId: null,
  reason: null,
  report: null,
  resolution: null,
  resolvedAt: null,
} as const satisfies Partial<Notification>;

type Detail = Partial<Pick<Notification, keyof typeof NO_DETAIL>>;

function notify(
  state: EngineState,
  kind: NotificationKind,
  incident: Incident,
  summary: string,
  now: number,
  detail: Detail = {},
): Notification {
  const { project, environment } = state.settings;
  return {
    kind,
    incidentId: incident.id,
    project,
    environment,
    service: incident.service,
    pattern: incident.pattern,
    symptom: incident.symptom,
    urgency: urgencyOf(
      environment,
      state.services[incident.service]?.criticality ?? "medium",
      detail.reason ?? null,
    ).level,
    at: now,
    openedAt: incident.openedAt,
    strike: incident.strike,
    summary: `${incident.service}: ${summary}`,
    ...NO_DETAIL,
    ...detail,
  };
}

/**
 * The notification an incident entering `phase` calls for. An incident phase that asks people for
 * something is one case here; the switch does not compile until every phase has its case.
 */
function notificationKindOfPhase(phase: IncidentPhase): NotificationKind | undefined {
  switch (phase.kind) {
    case "awaiting_approval":
      return "awaiting_approval";
    case "rechecking":
    case "running":
    case "verifying":
    case "queued":
    case "held":
    case "idle":
      return undefined;
    default:
      return assertNever(phase);
  }
}

function opened(state: EngineState, incident: Incident, now: number): Notification {
  return notify(
    state,
    "opened",
    incident,
    `incident ${incident.id} opened: ${incident.symptom} (${incident.pattern})`,
    now,
  );
}

function actionTaken(state: EngineState, incident: Incident, effect: RunRemedy, now: number): Notification {
  return notify(
    state,
    "action_taken",
    incident,
    effect.isDryRun
      ? `strike ${effect.strike} of ${incident.id} would run ${effect.solution} (${effect.dprId}): dry run, not executed`
      : `strike ${effect.strike} of ${incident.id} runs ${effect.solution} (${effect.dprId})`,
    now,
    { actionId: effect.actionId, dprId: effect.dprId, solution: effect.solution },
  );
}

function escalated(
  state: EngineState,
  incident: Incident,
  effect: Escalate,
  report: EscalationReport,
  now: number,
): Notification {
  return notify(
    state,
    "escalated",
    incident,
    `${incident.id} escalated to a human (${effect.reason}): ${incident.symptom} (${incident.pattern})`,
    now,
    {
      escalationId: effect.escalationId,
      reason: effect.reason,
      report,
    },
  );
}

function resolved(state: EngineState, effect: ArchiveIncident, now: number): Notification {
  const { incident } = effect;
  const resolvedAt = incident.resolvedAt ?? now;
  const tookMs = Math.max(0, resolvedAt - incident.openedAt);
  return notify(
    state,
    "resolved",
    incident,
    `${incident.id} resolved (${incident.resolution ?? "resolved"}) after ${formatDurationMs(tookMs)}`,
    now,
    { resolution: incident.resolution, resolvedAt },
  );
}

function phaseChanged(state: EngineState, kind: NotificationKind, incident: Incident, now: number) {
  return notify(state, kind, incident, `${incident.id} is ${kind.replaceAll("_", " ")}`, now);
}

/**
 * What a step of the engine tells people: incidents it opened, actions it started, escalations, incidents
 * it resolved, and incidents that entered a phase that waits on a person. Read off the step's effects and
 * the state before and after it, so the reducer knows nothing of notifications. `reports` are the step's
 * escalation reports, when the caller has built them already for its own use.
 */
export function notificationsOf(
  before: EngineState,
  step: Step,
  now: number,
  reports: ReadonlyMap<string, EscalationReport> = escalationReportsOf(step, now),
): Notification[] {
  const after = step.state;
  const archived = step.effects.flatMap((effect) => (effect.type === "ArchiveIncident" ? [effect] : []));
  const incidentOf = (id: string) =>
    after.incidents[id] ?? archived.find((effect) => effect.incident.id === id)?.incident;
  const notifications: Notification[] = [];
  // Only an incident the step replaced can have opened or entered a phase: not a pass over every live one.
  const replaced = changedIncidentIds(before.incidents, after.incidents).filter(
    (id) => after.incidents[id] !== undefined,
  );
  const replacedLive = inRecordOrder(after, replaced);
  const touched = [...replacedLive, ...archived.map((effect) => effect.incident)];
  for (const incident of touched) {
    if (before.incidents[incident.id] === undefined) notifications.push(opened(after, incident, now));
  }
  for (const effect of step.effects) {
    switch (effect.type) {
      case "RunRemedy": {
        const acting = incidentOf(effect.incidentId);
        if (acting !== undefined) notifications.push(actionTaken(after, acting, effect, now));
        break;
      }
      case "Escalate": {
        const escalating = incidentOf(effect.incidentId);
        const report = reports.get(effect.escalationId);
        if (escalating !== undefined && report !== undefined)
          notifications.push(escalated(after, escalating, effect, report, now));
        break;
      }
      case "ArchiveIncident":
        notifications.push(resolved(after, effect, now));
        break;
      case "RecheckSymptom":
      case "CancelRemedy":
      case "RecordOutcome":
        break;
      default:
        assertNever(effect);
    }
  }
  for (const incident of replacedLive) {
    // A phase entered anew is a new object; one carried over by a spread is the same object.
    if (before.incidents[incident.id]?.phase === incident.phase) continue;
    const kind = notificationKindOfPhase(incident.phase);
    if (kind !== undefined) notifications.push(phaseChanged(after, kind, incident, now));
  }
  return notifications;
}

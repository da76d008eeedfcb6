import {
  assertNever,
  changedIncidentIds,
  type Effect,
  type EngineState,
  type Escalate,
  type EscalationReport,
  type Incident,
  type KnowledgeEntry,
  type RunRemedy,
  serviceStatus,
} from "@orbt/core";
import type { IntentRecord } from "../act/executor.js";
import { recordIntent } from "../act/executors.js";
import type { OrbtConfig } from "../config/orbt-config.js";
import type { EscalationInput, IncidentRecord, JsonValue, StoreQueries } from "../store/store.js";

export function toIncidentRecord(incident: Incident): IncidentRecord {
  return {
    id: incident.id,
    service: incident.service,
    pattern: incident.pattern,
    symptom: incident.symptom,
    state: incident.state,
    status: incident.status,
    strike: incident.strike,
    openedAt: incident.openedAt,
    updatedAt: incident.updatedAt,
    resolvedAt: incident.resolvedAt,
    resolution: incident.resolution,
    acknowledgedAt: incident.acknowledgedAt,
    acknowledgedBy: incident.acknowledgedBy,
    detail: incident as unknown as JsonValue,
  };
}

function remedyTarget(config: OrbtConfig, effect: RunRemedy): IntentRecord {
  const action = config.remedies[effect.remedyIndex]?.action;
  return action === undefined ? { argv: [], target: null } : recordIntent(action);
}

/** The action's place in its incident's list: the engine numbers steps from 1 in the order they run. */
function stepOf(state: EngineState, effect: RunRemedy): number {
  const actions = state.incidents[effect.incidentId]?.actions ?? [];
  const index = actions.findIndex((action) => action.actionId === effect.actionId);
  if (index === -1) throw new Error(`RunRemedy ${effect.actionId}: no such action on its incident`);
  return index + 1;
}

/**
 * Everything a step changed, written in the transaction that journals its event. `epoch` is the leader's
 * fencing token, recorded on each action intent (0 without HA); `reports` are the step's escalation
 * reports, by escalation id. Incidents and escalations go in batches: a step may page thousands at once.
 */
export async function writeProjections(
  tx: StoreQueries,
  config: OrbtConfig,
  before: EngineState,
  after: EngineState,
  effects: readonly Effect[],
  reports: ReadonlyMap<string, EscalationReport>,
  now: number,
  epoch: number,
): Promise<void> {
  const touchedServices = new Set<string>();
  // By id: a multi-row upsert may not touch one row twice.
  const incidents = new Map<string, IncidentRecord>();
  for (const id of changedIncidentIds(before.incidents, after.incidents)) {
    const incident = after.incidents[id];
    if (incident === undefined) continue;
    touchedServices.add(incident.service);
    incidents.set(incident.id, toIncidentRecord(incident));
  }
  for (const effect of effects) {
    if (effect.type !== "ArchiveIncident") continue;
    touchedServices.add(effect.incident.service);
    // Its last form: the engine has let go of it, so this row is where REST finds it from now on.
    incidents.set(effect.incident.id, toIncidentRecord(effect.incident));
  }
  await tx.upsertIncidents([...incidents.values()]);
  for (const name of Object.keys(after.services)) {
    if (before.services[name] === undefined) touchedServices.add(name);
  }
  for (const name of touchedServices) {
    const service = after.services[name];
    if (service === undefined) continue;
    await tx.upsertService({
      name,
      platform: service.platform,
      isDiscovered: service.isDiscovered,
      status: serviceStatus(after, name),
      updatedAt: now,
    });
  }
  await tx.upsertKnowledge(changedKnowledge(before, after));
  const escalations: EscalationInput[] = [];
  for (const effect of effects) {
    if (effect.type === "Escalate") {
      const escalation = escalationRow(after, effect, reports, now);
      if (escalation !== undefined) escalations.push(escalation);
    } else await writeEffect(tx, config, after, effect, now, epoch);
  }
  await tx.insertEscalations(escalations);
}

/** Rows an outcome, a lesson or an import changed: the store keeps them whole, as the engine holds them. */
function changedKnowledge(before: EngineState, after: EngineState): KnowledgeEntry[] {
  if (before.knowledge === after.knowledge) return [];
  return Object.entries(after.knowledge).flatMap(([key, entry]) =>
    before.knowledge[key] === entry ? [] : [entry],
  );
}

async function writeEffect(
  tx: StoreQueries,
  config: OrbtConfig,
  state: EngineState,
  effect: Effect,
  now: number,
  epoch: number,
): Promise<void> {
  switch (effect.type) {
    case "RunRemedy": {
      const intent = {
        id: effect.actionId,
        step: stepOf(state, effect),
        epoch,
        incidentId: effect.incidentId,
        dprId: effect.dprId,
        strike: effect.strike,
        solution: effect.solution,
        tool: effect.tool,
        startedAt: now,
        ...remedyTarget(config, effect),
      };
      // A dry run is recorded with its argv or URL and finished at once: no executor ever sees it.
      const recorded = effect.isDryRun
        ? await tx.recordDryRunAction(intent)
        : // Committed before the executor starts: after a crash this row is how we know it already ran.
          await tx.recordActionIntent(intent);
      // One action per (incident, step), ever: a step recorded once must not run again, so this one fails.
      if (!recorded.ok)
        throw new Error(`action ${effect.actionId} was recorded already: not running it again`);
      return;
    }
    case "RecheckSymptom":
      return;
    case "RecordOutcome":
      // Its row is among the changed knowledge written above.
      return;
    case "Escalate":
      // Batched by the caller: see escalationRow.
      return;
    case "ArchiveIncident":
      // Its row is among the incidents written above.
      return;
    case "CancelRemedy":
      return;
    default:
      assertNever(effect);
  }
}

/** The stored row of an escalation of an incident still live after the step, with the step's report. */
function escalationRow(
  state: EngineState,
  effect: Escalate,
  reports: ReadonlyMap<string, EscalationReport>,
  now: number,
): EscalationInput | undefined {
  const report = reports.get(effect.escalationId);
  if (state.incidents[effect.incidentId] === undefined || report === undefined) return undefined;
  return {
    id: effect.escalationId,
    incidentId: effect.incidentId,
    at: now,
    reason: effect.reason,
    urgency: report.urgency_level,
    report: report as unknown as JsonValue,
  };
}

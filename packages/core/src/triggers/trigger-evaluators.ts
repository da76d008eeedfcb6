import { formatDurationMs } from "../duration/format-duration-ms.js";
import { directDependentsByService } from "../engine/dependents-of.js";
import {
  changedIncidentIds,
  earliestDownUnpaged,
  incidentIndexOf,
  inRecordOrder,
  isSymptomActive,
  liveIncidentsOfService,
} from "../engine/incident-index.js";
import { findLiveIncident } from "../engine/incident-update.js";
import { serviceRulesOf } from "../engine/service-rules.js";
import type { EngineState, Incident, TriggerSettings } from "../protocol/engine-state.js";
import type { EscalationTrigger, SlaObjective } from "../protocol/names.js";
import { isBurning } from "./sla-burn.js";

/**
 * An incident a trigger pages for, and why, in words for its timeline and notification: put into words
 * only for a new page, as most hits are of incidents the trigger paged already.
 */
export type TriggerHit = { readonly incident: Incident; readonly why: () => string };

/**
 * `paged`, when known, is the state this one was made from, in which every trigger's hits were paged
 * already: an evaluator may leave out what it would have found there too.
 */
type TriggerEvaluator<T extends EscalationTrigger> = (
  state: EngineState,
  settings: NonNullable<TriggerSettings[T]>,
  now: number,
  paged: EngineState | undefined,
) => TriggerHit[];

type TriggerRegistry = { readonly [T in EscalationTrigger]: TriggerEvaluator<T> };

/** Where an objective's burn is paged: the incident of the pattern that shows it, else the service's first. */
const OBJECTIVE_PATTERNS: Record<SlaObjective, string> = {
  availability: "uptime_problems",
  latency_p99: "performance_issues",
};

function liveIncidentsOf(state: EngineState, service: string): Incident[] {
  return liveIncidentsOfService(state, service).sort((a, b) => a.openedAt - b.openedAt);
}

function isCritical(state: EngineState, service: string): boolean {
  return state.services[service]?.criticality === "critical";
}

function formatBurn(burn: number): string {
  return `${Number(burn.toFixed(1))}×`;
}

const slaBreach: TriggerEvaluator<"SLA_breach"> = (state, settings) =>
  Object.values(state.slaBurns).flatMap((burn) => {
    if (!isBurning(burn, settings)) return [];
    const incident =
      findLiveIncident(state, burn.service, OBJECTIVE_PATTERNS[burn.objective]) ??
      liveIncidentsOf(state, burn.service)[0];
    if (incident === undefined) return [];
    const why = () =>
      `${burn.objective} error budget burning ${formatBurn(burn.longBurn)} over ${formatDurationMs(settings.longWindowMs)} ` +
      `and ${formatBurn(burn.shortBurn)} over ${formatDurationMs(settings.shortWindowMs)} (page at ${formatBurn(settings.burnRate)})`;
    return [{ incident, why }];
  });

/** Pages only incidents not paged yet for it: those it paged stay paged, so the trigger passes them by. */
const extendedDowntime: TriggerEvaluator<"extended_downtime"> = (state, settings, now) => {
  const latestOpening = now - settings.maxDowntimeMs;
  const earliest = earliestDownUnpaged(state);
  if (earliest === undefined || earliest > latestOpening) return [];
  const due = [...incidentIndexOf(state).downUnpaged].flatMap(([id, openedAt]) =>
    openedAt <= latestOpening ? [id] : [],
  );
  return inRecordOrder(state, due).map((incident) => {
    const why = () =>
      `down ${formatDurationMs(now - incident.openedAt)}, past max_downtime ${formatDurationMs(settings.maxDowntimeMs)}`;
    return { incident, why };
  });
};

const repeatedDeploymentFailures: TriggerEvaluator<"repeated_deployment_failures"> = (state, settings, now) =>
  Object.entries(state.deployFailures).flatMap(([service, failures]) => {
    const recent = failures.filter((at) => at > now - settings.windowMs && at <= now);
    if (recent.length < settings.count) return [];
    const incident =
      findLiveIncident(state, service, "deployment_failures") ?? liveIncidentsOf(state, service)[0];
    if (incident === undefined) return [];
    const why = () => `${recent.length} failed deploys within ${formatDurationMs(settings.windowMs)}`;
    return [{ incident, why }];
  });

/** The same services fail since the same incidents, and depend on the same services. */
function hasSameFailures(before: EngineState, state: EngineState): boolean {
  if (serviceRulesOf(before) !== serviceRulesOf(state)) return false;
  return changedIncidentIds(before.incidents, state.incidents).every(
    (id) => isSymptomActive(before.incidents[id]) === isSymptomActive(state.incidents[id]),
  );
}

/**
 * Each run of `services` failing services, in failing order, that started failing within the window pages
 * its first; so does a failing service whose dependents all started failing within the window of it. An
 * incident paged for it already is passed by, as the trigger pages once.
 */
const cascadingSystemFailure: TriggerEvaluator<"cascading_system_failure"> = (
  state,
  settings,
  _now,
  paged,
) => {
  // Its hits depend on the failing services only, not on the time: what it would find was paged already.
  if (paged !== undefined && hasSameFailures(paged, state)) return [];
  const { list, byService } = incidentIndexOf(state).failing;
  const window = formatDurationMs(settings.windowMs);
  const unpaged = list.flatMap((root, at) => (root.isCascadePaged ? [] : [{ root, at }]));
  const hits: TriggerHit[] = unpaged.flatMap(({ root, at }) => {
    const cluster = list.slice(at, at + settings.services);
    const last = cluster[settings.services - 1];
    if (last === undefined || last.since - root.since > settings.windowMs) return [];
    const why = () => `${cluster.map((each) => each.service).join(", ")} started failing within ${window}`;
    return [{ incident: state.incidents[root.incidentId]!, why }];
  });
  const dependentsOf = directDependentsByService(state);
  for (const { root } of unpaged) {
    const dependents = dependentsOf.get(root.service) ?? [];
    const starts = dependents.map((name) => byService.get(name)?.since);
    if (dependents.length === 0 || starts.some((since) => since === undefined)) continue;
    const last = Math.max(...(starts as number[]));
    if (last - root.since > settings.windowMs) continue;
    const why = () =>
      `${root.service} and its dependents ${dependents.join(", ")} started failing within ${window}`;
    hits.push({ incident: state.incidents[root.incidentId]!, why });
  }
  return hits;
};

const CRITICAL = new WeakMap<EngineState["services"], readonly string[]>();

/** The business-critical services, listed once per rules of the services. */
function criticalServices(state: EngineState): readonly string[] {
  const known = CRITICAL.get(serviceRulesOf(state));
  if (known !== undefined) return known;
  const listed = Object.keys(state.services).filter((service) => isCritical(state, service));
  CRITICAL.set(serviceRulesOf(state), listed);
  return listed;
}

/** In prod a critical service's failure is a critical production outage, unless that trigger is off. */
function criticalHits(state: EngineState, environmentWord: string): TriggerHit[] {
  const { byService } = incidentIndexOf(state);
  const ids = criticalServices(state).flatMap((service) => [...(byService.get(service) ?? [])]);
  return inRecordOrder(state, ids).map((incident) => ({
    incident,
    why: () => `${incident.service} is business critical and failing${environmentWord}`,
  }));
}

const businessCriticalServiceFailure: TriggerEvaluator<"business_critical_service_failure"> = (state) => {
  const isProdOutageOn =
    state.settings.environment === "prod" &&
    state.settings.escalation.triggers.critical_production_outage !== null;
  return isProdOutageOn ? [] : criticalHits(state, "");
};

const criticalProductionOutage: TriggerEvaluator<"critical_production_outage"> = (state) =>
  state.settings.environment === "prod" ? criticalHits(state, " in prod") : [];

/** Each trigger's evaluator: the incidents it pages for as of now. */
export const TRIGGER_EVALUATORS = {
  SLA_breach: slaBreach,
  extended_downtime: extendedDowntime,
  repeated_deployment_failures: repeatedDeploymentFailures,
  cascading_system_failure: cascadingSystemFailure,
  business_critical_service_failure: businessCriticalServiceFailure,
  critical_production_outage: criticalProductionOutage,
} satisfies TriggerRegistry;

/** When extended_downtime next pages an incident that is down; undefined when none is waiting on it. */
export function nextTriggerDeadline(state: EngineState): number | undefined {
  const settings = state.settings.escalation.triggers.extended_downtime;
  const earliest = earliestDownUnpaged(state);
  return settings === null || earliest === undefined ? undefined : earliest + settings.maxDowntimeMs;
}

import { formatDurationMs } from "../duration/format-duration-ms.js";
import { directDependentsByService } from "../engine/dependents-of.js";
import { findLiveIncident } from "../engine/incident-update.js";
import { liveIncidents } from "../engine/live-incidents.js";
import type { EngineState, Incident, TriggerSettings } from "../protocol/engine-state.js";
import type { EscalationTrigger, SlaObjective } from "../protocol/names.js";
import { type FailingService, failingServices } from "./failing-services.js";
import { isBurning } from "./sla-burn.js";

/**
 * An incident a trigger pages for, and why, in words for its timeline and notification: put into words
 * only for a new page, as most hits are of incidents the trigger paged already.
 */
export type TriggerHit = { readonly incident: Incident; readonly why: () => string };

type TriggerEvaluator<T extends EscalationTrigger> = (
  state: EngineState,
  settings: NonNullable<TriggerSettings[T]>,
  now: number,
) => TriggerHit[];

type TriggerRegistry = { readonly [T in EscalationTrigger]: TriggerEvaluator<T> };

/** Where an objective's burn is paged: the incident of the pattern that shows it, else the service's first. */
const OBJECTIVE_PATTERNS: Record<SlaObjective, string> = {
  availability: "uptime_problems",
  latency_p99: "performance_issues",
};

function liveIncidentsOf(state: EngineState, service: string): Incident[] {
  return liveIncidents(state)
    .filter((incident) => incident.service === service)
    .sort((a, b) => a.openedAt - b.openedAt);
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

const extendedDowntime: TriggerEvaluator<"extended_downtime"> = (state, settings, now) =>
  liveIncidents(state).flatMap((incident) => {
    const isDown = incident.pattern === "uptime_problems" && incident.activeSources.length > 0;
    if (!isDown || incident.openedAt + settings.maxDowntimeMs > now) return [];
    const why = () =>
      `down ${formatDurationMs(now - incident.openedAt)}, past max_downtime ${formatDurationMs(settings.maxDowntimeMs)}`;
    return [{ incident, why }];
  });

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

/** Every run of `size` failing services, in failing order, that started failing within `windowMs`. */
function clustersOf(failing: readonly FailingService[], size: number, windowMs: number): FailingService[][] {
  const clusters: FailingService[][] = [];
  for (let start = 0; start + size <= failing.length; start += 1) {
    const cluster = failing.slice(start, start + size);
    if (cluster[size - 1]!.since - cluster[0]!.since <= windowMs) clusters.push(cluster);
  }
  return clusters;
}

const cascadingSystemFailure: TriggerEvaluator<"cascading_system_failure"> = (state, settings) => {
  const failing = failingServices(state);
  const window = formatDurationMs(settings.windowMs);
  const hits: TriggerHit[] = clustersOf(failing, settings.services, settings.windowMs).map((cluster) => ({
    incident: cluster[0]!.incident,
    why: () => `${cluster.map((each) => each.service).join(", ")} started failing within ${window}`,
  }));
  const sinceOf = new Map(failing.map((each) => [each.service, each.since]));
  const dependentsOf = directDependentsByService(state);
  for (const root of failing) {
    const dependents = dependentsOf.get(root.service) ?? [];
    const starts = dependents.map((name) => sinceOf.get(name));
    if (dependents.length === 0 || starts.some((since) => since === undefined)) continue;
    const last = Math.max(...(starts as number[]));
    if (last - root.since > settings.windowMs) continue;
    const why = () =>
      `${root.service} and its dependents ${dependents.join(", ")} started failing within ${window}`;
    hits.push({ incident: root.incident, why });
  }
  return hits;
};

/** In prod a critical service's failure is a critical production outage, unless that trigger is off. */
function criticalHits(state: EngineState, environmentWord: string): TriggerHit[] {
  return liveIncidents(state)
    .filter((incident) => isCritical(state, incident.service))
    .map((incident) => ({
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
  if (settings === null) return undefined;
  let earliest: number | undefined;
  for (const incident of liveIncidents(state)) {
    const isDown = incident.pattern === "uptime_problems" && incident.activeSources.length > 0;
    const isPaged = incident.triggered.some((page) => page.trigger === "extended_downtime");
    if (!isDown || isPaged) continue;
    const at = incident.openedAt + settings.maxDowntimeMs;
    if (earliest === undefined || at < earliest) earliest = at;
  }
  return earliest;
}

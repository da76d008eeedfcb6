import { formatDurationMs } from "../duration/format-duration-ms.js";
import type { Effect } from "../protocol/effect.js";
import type { EngineState, Incident, ServiceFlapping } from "../protocol/engine-state.js";
import {
  changedIncidentIds,
  incidentIndexOf,
  isSymptomActive,
  liveIncidentsOfService,
} from "./incident-index.js";
import { appendTimeline, incidentNumber, type Step, withIncident } from "./incident-update.js";
import { escalate } from "./strike-ladder.js";
import { withEntries } from "./with-entries.js";

/** The services whose symptom appeared or cleared between two states, from the incidents that changed. */
function flippedServices(before: EngineState, after: EngineState): string[] {
  const activeNow = incidentIndexOf(after).activeByService;
  // Per service, how many more of its incidents report their symptom after than before.
  const gained = new Map<string, number>();
  for (const id of changedIncidentIds(before.incidents, after.incidents)) {
    const was = before.incidents[id];
    const is = after.incidents[id];
    if (was !== undefined)
      gained.set(was.service, (gained.get(was.service) ?? 0) - Number(isSymptomActive(was)));
    if (is !== undefined) gained.set(is.service, (gained.get(is.service) ?? 0) + Number(isSymptomActive(is)));
  }
  return [...gained].flatMap(([service, count]) => {
    const activeCount = activeNow.get(service)?.size ?? 0;
    const isActive = activeCount > 0;
    const wasActive = activeCount - count > 0;
    return isActive === wasActive ? [] : [service];
  });
}

function newestLiveIncident(state: EngineState, service: string): Incident | undefined {
  let newest: Incident | undefined;
  for (const incident of liveIncidentsOfService(state, service)) {
    if (newest === undefined || incidentNumber(incident) > incidentNumber(newest)) newest = incident;
  }
  return newest;
}

const OLDEST_CHANGE = new WeakMap<EngineState["flapping"], number>();

/** The oldest change any service's record holds, once per flapping record: most steps leave it as it was. */
function oldestChange(flapping: EngineState["flapping"]): number {
  const known = OLDEST_CHANGE.get(flapping);
  if (known !== undefined) return known;
  let oldest = Number.POSITIVE_INFINITY;
  for (const record of Object.values(flapping))
    for (const at of record.changes) oldest = Math.min(oldest, at);
  OLDEST_CHANGE.set(flapping, oldest);
  return oldest;
}

/** The live incident a flapping service's symptoms join, whatever their pattern. */
export function flappingIncidentOf(state: EngineState, service: string): Incident | undefined {
  const id = state.flapping[service]?.incidentId;
  return id === null || id === undefined ? undefined : state.incidents[id];
}

/** A symptom of another pattern joins a flapping incident under its pattern, so it clears the same way. */
export function joinedSource(incident: Incident, pattern: string, source: string): string {
  return incident.pattern === pattern ? source : `${pattern}/${source}`;
}

function describeRate(state: EngineState, changes: number): string {
  const { windowMs } = state.settings.automation.flapping;
  return `${changes} symptom changes in ${formatDurationMs(windowMs)}`;
}

/** The newest live incident of the service escalates once, with reason `flapping`, and holds while it flaps. */
function startFlapping(state: EngineState, service: string, record: ServiceFlapping, now: number): Step {
  const incident = newestLiveIncident(state, service);
  const flapping = { ...record, since: now, incidentId: incident?.id ?? null };
  const noted = { ...state, flapping: { ...state.flapping, [service]: flapping } };
  if (incident === undefined) return { state: noted, effects: [] };
  const message = `flapping: ${describeRate(state, record.changes.length)}; no action while it flaps`;
  const marked = appendTimeline(incident, { at: now, kind: "flapping", message });
  const escalated =
    marked.state === "open"
      ? escalate(noted, marked, "flapping", now)
      : { state: withIncident(noted, marked), effects: [] };
  const held = escalated.state.incidents[incident.id]!;
  return {
    state: withIncident(escalated.state, {
      ...held,
      phase: { kind: "held", reason: "flapping", since: now },
    }),
    effects: escalated.effects,
  };
}

function stopFlapping(state: EngineState, service: string, record: ServiceFlapping, now: number): Step {
  const rest = {
    ...state,
    flapping: { ...state.flapping, [service]: { ...record, since: null, incidentId: null } },
  };
  const incident = flappingIncidentOf(state, service);
  if (incident === undefined) return { state: rest, effects: [] };
  const message = `stopped flapping: ${describeRate(state, record.changes.length)}`;
  const settled = appendTimeline(
    { ...incident, phase: incident.state === "open" ? incident.phase : { kind: "idle" } },
    { at: now, kind: "flapping", message },
  );
  return { state: withIncident(rest, settled), effects: [] };
}

/**
 * Counts each service whose symptom appeared or cleared in this step, and starts or stops its flapping:
 * `changes` within the window start it, fewer end it. Returns the same state object when nothing changed.
 */
export function watchFlapping(before: EngineState, after: EngineState, now: number): Step {
  const { changes: threshold, windowMs } = after.settings.automation.flapping;
  const changed = flippedServices(before, after);
  // A record none of whose changes leave the window, of a service that did not change, stays as it is.
  const leaving =
    oldestChange(after.flapping) <= now - windowMs
      ? Object.entries(after.flapping)
          .filter(([, record]) => record.changes.some((at) => at <= now - windowMs))
          .map(([service]) => service)
      : [];
  if (changed.length === 0 && leaving.length === 0) return { state: after, effects: [] };
  const services = new Set([...changed, ...leaving]);
  const isChanged = new Set(changed);
  let current = after;
  // The records are copied once at the end (and at a flip): thousands of services may leave the window at once.
  let base = after.flapping;
  let updates: Record<string, ServiceFlapping | undefined> = {};
  let isTouched = false;
  const effects: Effect[] = [];
  for (const service of [...services].sort()) {
    const previous = after.flapping[service] ?? { changes: [], since: null, incidentId: null };
    const recent = previous.changes.filter((at) => at > now - windowMs);
    const changes = isChanged.has(service) ? [...recent, now] : recent;
    if (changes.length === previous.changes.length && !isChanged.has(service)) continue;
    const record = { ...previous, changes };
    isTouched = true;
    const isFlappingNow = changes.length >= threshold;
    const flip =
      isFlappingNow && previous.since === null
        ? startFlapping
        : !isFlappingNow && previous.since !== null
          ? stopFlapping
          : undefined;
    if (flip === undefined) updates[service] = record;
    else {
      const next = flip({ ...current, flapping: withEntries(base, updates) }, service, record, now);
      current = next.state;
      base = next.state.flapping;
      updates = {};
      effects.push(...next.effects);
    }
    if (changes.length === 0 && (updates[service] ?? base[service])?.since === null)
      updates[service] = undefined;
  }
  if (!isTouched) return { state: after, effects };
  const flapping = withEntries(base, updates);
  // Only `now` joined the records unless some left the window.
  if (leaving.length === 0) OLDEST_CHANGE.set(flapping, Math.min(oldestChange(after.flapping), now));
  return { state: { ...current, flapping }, effects };
}

/** When a flapping service will have fewer changes than the threshold within the window. */
export function nextFlappingEnd(state: EngineState): number | undefined {
  const { changes: threshold, windowMs } = state.settings.automation.flapping;
  let earliest: number | undefined;
  for (const record of Object.values(state.flapping)) {
    if (record.since === null) continue;
    // Changes leave the window oldest first: flapping ends when the threshold-th newest one leaves.
    const leavesAt = record.changes[record.changes.length - threshold];
    if (leavesAt === undefined) continue;
    const at = leavesAt + windowMs;
    if (earliest === undefined || at < earliest) earliest = at;
  }
  return earliest;
}

import type { EngineState, Incident } from "../protocol/engine-state.js";
import { type FailingOrder, placeFailing } from "../triggers/failing-services.js";

type Incidents = EngineState["incidents"];

/** Running actions hold their slot, and so do incidents re-checking their symptom before one. */
function isUsingSlot(incident: Incident): boolean {
  return incident.phase.kind === "running" || incident.phase.kind === "rechecking";
}

/** Queued and held incidents try to act again after every event. */
export function isWaiting(incident: Incident): boolean {
  return incident.state === "open" && (incident.phase.kind === "queued" || incident.phase.kind === "held");
}

/** An uptime incident with a source still reporting, not yet paged for its downtime. */
function isDownUnpaged(incident: Incident): boolean {
  const isDown = incident.pattern === "uptime_problems" && incident.activeSources.length > 0;
  return isDown && !incident.triggered.some((page) => page.trigger === "extended_downtime");
}

/** An incident whose symptom is reported now: its service counts as active for flapping and cascades. */
export function isSymptomActive(incident: Incident | undefined): boolean {
  return (incident?.activeSources.length ?? 0) > 0;
}

/**
 * Lookups over one record of live incidents. A step replaces the record for every incident it changes, so
 * the index is not rebuilt per record: it moves on to the new record, updated for the incidents replaced,
 * and a step's cost follows what it changed, not how many incidents are live.
 */
export type IncidentIndex = {
  /** Each service's live incidents, in the record's order. */
  readonly byService: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per service, its live incidents whose symptom is reported. */
  readonly activeByService: ReadonlyMap<string, ReadonlyMap<string, Incident>>;
  /** The services those make failing, in the order the cascade trigger reads them. */
  readonly failing: Readonly<FailingOrder>;
  readonly usingSlot: ReadonlySet<string>;
  readonly waiting: ReadonlySet<string>;
  /** The incidents `isDownUnpaged` finds, with when each opened. */
  readonly downUnpaged: ReadonlyMap<string, number>;
  /** Where each incident stands in the record: listing a subset in the record's order sorts by it. */
  readonly position: ReadonlyMap<string, number>;
};

type MutableIndex = {
  readonly byService: Map<string, Set<string>>;
  readonly activeByService: Map<string, Map<string, Incident>>;
  readonly failing: FailingOrder;
  readonly usingSlot: Set<string>;
  readonly waiting: Set<string>;
  readonly downUnpaged: Map<string, number>;
  /** The earliest opening among `downUnpaged`; undefined until asked again after it left. */
  earliestDown: number | undefined;
  readonly position: Map<string, number>;
  nextPosition: number;
  /** The ids replaced record after record; `logStart` is the absolute place of its first entry. */
  log: string[];
  logStart: number;
};

/** Enough for any record to reach the next step's; older places fall back to comparing the records. */
const LOG_KEPT = 4_096;

/** The record each index is current for: an index moves to the record made from it and leaves this one. */
const CURRENT = new WeakMap<Incidents, MutableIndex>();

/** Where each record stands in its index's log, so two records of one lineage tell what changed between them. */
const PLACE = new WeakMap<Incidents, { readonly index: MutableIndex; readonly at: number }>();

function flagged(set: Set<string>, id: string, isIn: boolean): void {
  if (isIn) set.add(id);
  else set.delete(id);
}

function hasCascadePage(incident: Incident): boolean {
  return incident.triggered.some((page) => page.trigger === "cascading_system_failure");
}

/** The incident's place among its service's active ones, and the service's in the failing order. */
function markActive(index: MutableIndex, service: string, id: string, incident: Incident | undefined): void {
  let active = index.activeByService.get(service);
  if (incident === undefined) active?.delete(id);
  else if (active === undefined) {
    active = new Map([[id, incident]]);
    index.activeByService.set(service, active);
  } else active.set(id, incident);
  let earliest: Incident | undefined;
  for (const each of active?.values() ?? []) {
    const isEarlier =
      earliest === undefined ||
      each.openedAt < earliest.openedAt ||
      (each.openedAt === earliest.openedAt &&
        index.position.get(each.id)! < index.position.get(earliest.id)!);
    if (isEarlier) earliest = each;
  }
  if (active?.size === 0) index.activeByService.delete(service);
  const failing =
    earliest === undefined
      ? undefined
      : {
          service,
          since: earliest.openedAt,
          incidentId: earliest.id,
          isCascadePaged: hasCascadePage(earliest),
        };
  placeFailing(index.failing, service, failing);
}

function markDown(index: MutableIndex, id: string, openedAt: number | undefined): void {
  const was = index.downUnpaged.get(id);
  if (was === openedAt) return;
  if (was !== undefined && was === index.earliestDown) index.earliestDown = undefined;
  if (openedAt === undefined) {
    index.downUnpaged.delete(id);
    return;
  }
  index.downUnpaged.set(id, openedAt);
  if (index.earliestDown !== undefined) index.earliestDown = Math.min(index.earliestDown, openedAt);
}

/** When the earliest incident `isDownUnpaged` finds opened; undefined when there is none. */
export function earliestDownUnpaged(state: EngineState): number | undefined {
  const index = CURRENT.get(state.incidents) ?? (incidentIndexOf(state) as MutableIndex);
  if (index.earliestDown === undefined && index.downUnpaged.size > 0)
    index.earliestDown = Math.min(...index.downUnpaged.values());
  return index.earliestDown;
}

function replace(index: MutableIndex, id: string, was: Incident | undefined, is: Incident | undefined): void {
  if (was === is) return;
  if (was === undefined && is !== undefined) {
    const ids = index.byService.get(is.service);
    if (ids === undefined) index.byService.set(is.service, new Set([id]));
    else ids.add(id);
    index.position.set(id, index.nextPosition);
    index.nextPosition += 1;
  }
  if (isSymptomActive(was) || isSymptomActive(is))
    markActive(index, (is ?? was)!.service, id, isSymptomActive(is) ? is : undefined);
  flagged(index.usingSlot, id, is !== undefined && isUsingSlot(is));
  flagged(index.waiting, id, is !== undefined && isWaiting(is));
  markDown(index, id, is !== undefined && isDownUnpaged(is) ? is.openedAt : undefined);
  if (was !== undefined && is === undefined) {
    index.byService.get(was.service)?.delete(id);
    if (index.byService.get(was.service)?.size === 0) index.byService.delete(was.service);
    index.position.delete(id);
  }
}

function buildIndex(incidents: Incidents): MutableIndex {
  const index: MutableIndex = {
    byService: new Map(),
    activeByService: new Map(),
    failing: { list: [], byService: new Map() },
    usingSlot: new Set(),
    waiting: new Set(),
    downUnpaged: new Map(),
    earliestDown: undefined,
    position: new Map(),
    nextPosition: 0,
    log: [],
    logStart: 0,
  };
  for (const incident of Object.values(incidents)) replace(index, incident.id, undefined, incident);
  return index;
}

/** The index of the state's incidents: carried over from the record it was made from, or built once. */
export function incidentIndexOf(state: EngineState): IncidentIndex {
  const known = CURRENT.get(state.incidents);
  if (known !== undefined) return known;
  const built = buildIndex(state.incidents);
  CURRENT.set(state.incidents, built);
  if (!PLACE.has(state.incidents)) PLACE.set(state.incidents, { index: built, at: 0 });
  return built;
}

/** `to` is `from` with the incidents of `ids` replaced or removed; the index of `from` moves on to `to`. */
export function noteIncidentsReplaced(from: Incidents, to: Incidents, ids: readonly string[]): void {
  const index = CURRENT.get(from);
  if (index === undefined) return;
  for (const id of ids) replace(index, id, from[id], to[id]);
  CURRENT.delete(from);
  CURRENT.set(to, index);
  index.log.push(...ids);
  if (index.log.length > LOG_KEPT) {
    const dropped = index.log.length - LOG_KEPT / 2;
    index.log = index.log.slice(dropped);
    index.logStart += dropped;
  }
  PLACE.set(to, { index, at: index.logStart + index.log.length });
}

/** The ids whose incident differs between two records, an earlier and a later one. */
export function changedIncidentIds(before: Incidents, after: Incidents): readonly string[] {
  if (before === after) return [];
  const from = PLACE.get(before);
  const to = PLACE.get(after);
  const isLogged = from !== undefined && from.index === to?.index && from.at >= from.index.logStart;
  if (isLogged && from.at <= to.at) {
    const { log, logStart } = from.index;
    return [...new Set(log.slice(from.at - logStart, to.at - logStart))];
  }
  const ids = new Set<string>();
  for (const id of Object.keys(before)) if (before[id] !== after[id]) ids.add(id);
  for (const id of Object.keys(after)) if (before[id] !== after[id]) ids.add(id);
  return [...ids];
}

/** The live incidents of `ids`, in the record's order. */
export function inRecordOrder(state: EngineState, ids: Iterable<string>): Incident[] {
  const { position } = incidentIndexOf(state);
  return [...ids].sort((a, b) => position.get(a)! - position.get(b)!).map((id) => state.incidents[id]!);
}

/** The service's live incidents, in the record's order. */
export function liveIncidentsOfService(state: EngineState, service: string): Incident[] {
  const ids = incidentIndexOf(state).byService.get(service);
  return ids === undefined ? [] : [...ids].map((id) => state.incidents[id]!);
}

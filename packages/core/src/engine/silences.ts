import { matchesLabels } from "../promql/label-matcher.js";
import type {
  SilenceCreated,
  SilenceExpired,
  SymptomCleared,
  SymptomSeen,
} from "../protocol/engine-event.js";
import type { EngineState, Incident } from "../protocol/engine-state.js";
import type { Silence } from "../protocol/silence.js";
import type { Detection } from "./detection.js";

/** Expired silences kept in the state for audit, newest first; older ones are in the journal only. */
export const EXPIRED_SILENCES_KEPT = 200;

function stateAt(silence: Pick<Silence, "startsAt" | "endsAt">, now: number): Silence["state"] {
  if (now >= silence.endsAt) return "expired";
  return now < silence.startsAt ? "pending" : "active";
}

/** What a silence's matchers see of a symptom: its alert's labels, then its service, pattern and symptom. */
function symptomLabels(symptom: Pick<SymptomSeen, "service" | "pattern" | "symptom" | "source" | "labels">) {
  return {
    ...symptom.labels,
    service: symptom.service,
    pattern: symptom.pattern,
    symptom: symptom.symptom,
    source: symptom.source,
  };
}

function activeSilencesMatching(state: EngineState, labels: Record<string, string>): Silence[] {
  return Object.values(state.silences).filter(
    (silence) => silence.state === "active" && matchesLabels(silence.matchers, labels),
  );
}

/** The silences an incident's symptom is under now, by its service, pattern and symptom. */
export function silencesOfIncident(state: EngineState, incident: Incident): Silence[] {
  const { service, pattern, symptom } = incident;
  return activeSilencesMatching(state, { service, pattern, symptom });
}

function sameSymptom(a: Pick<SymptomSeen, "service" | "pattern" | "source">, b: typeof a): boolean {
  return a.service === b.service && a.pattern === b.pattern && a.source === b.source;
}

/**
 * A symptom an active silence matches is held back and counted by each silence that matches it; it is
 * raised as if new once none does. Returns undefined when no silence matches.
 */
export function silenceSymptom(state: EngineState, event: SymptomSeen): EngineState | undefined {
  const matching = activeSilencesMatching(state, symptomLabels(event));
  if (matching.length === 0) return undefined;
  const silences = { ...state.silences };
  for (const silence of matching) silences[silence.id] = { ...silence, suppressed: silence.suppressed + 1 };
  const held = state.silencedSymptoms.some((symptom) => sameSymptom(symptom, event));
  return {
    ...state,
    silences,
    silencedSymptoms: held ? state.silencedSymptoms : [...state.silencedSymptoms, event],
  };
}

/** A held-back symptom that cleared is forgotten; undefined when the event cleared none. */
export function clearSilencedSymptom(state: EngineState, event: SymptomCleared): EngineState | undefined {
  const kept = state.silencedSymptoms.filter((symptom) => !sameSymptom(symptom, event));
  return kept.length === state.silencedSymptoms.length ? undefined : { ...state, silencedSymptoms: kept };
}

/** Whether the source is active but held back by a silence: not to be raised again while it is. */
export function isSourceSilenced(
  state: EngineState,
  service: string,
  pattern: string,
  source: string,
): boolean {
  return state.silencedSymptoms.some((symptom) => sameSymptom(symptom, { service, pattern, source }));
}

function keepRecentExpired(silences: Record<string, Silence>): Record<string, Silence> {
  const expired = Object.values(silences)
    .filter((silence) => silence.state === "expired")
    .sort((a, b) => (b.expiredAt ?? 0) - (a.expiredAt ?? 0));
  const dropped = new Set(expired.slice(EXPIRED_SILENCES_KEPT).map((silence) => silence.id));
  if (dropped.size === 0) return silences;
  return Object.fromEntries(Object.entries(silences).filter(([id]) => !dropped.has(id)));
}

export function createSilence(state: EngineState, event: SilenceCreated, now: number): EngineState {
  const { silence } = event;
  // An id seen before is a repeated request: the first one stands.
  if (state.silences[silence.id] !== undefined) return state;
  const created: Silence = {
    ...silence,
    createdAt: now,
    state: stateAt(silence, now),
    expiredBy: null,
    expiredAt: now >= silence.endsAt ? silence.endsAt : null,
    suppressed: 0,
  };
  return { ...state, silences: keepRecentExpired({ ...state.silences, [silence.id]: created }) };
}

export function expireSilence(state: EngineState, event: SilenceExpired, now: number): EngineState {
  const silence = state.silences[event.silenceId];
  if (silence === undefined || silence.state === "expired") return state;
  const expired: Silence = { ...silence, state: "expired", expiredBy: event.by, expiredAt: now };
  return { ...state, silences: keepRecentExpired({ ...state.silences, [silence.id]: expired }) };
}

/**
 * Starts and ends silences whose time has come, and raises the held-back symptoms no active silence
 * matches any more, as a detector's. Returns the same state object when nothing changed.
 */
export function settleSilences(state: EngineState, now: number): Detection {
  let silences = state.silences;
  for (const silence of Object.values(state.silences)) {
    if (silence.state === "expired") continue;
    const next = stateAt(silence, now);
    if (next === silence.state) continue;
    const expiredAt = next === "expired" ? silence.endsAt : null;
    silences = { ...silences, [silence.id]: { ...silence, state: next, expiredAt } };
  }
  const settled = silences === state.silences ? state : { ...state, silences: keepRecentExpired(silences) };
  const released = settled.silencedSymptoms.filter(
    (symptom) => activeSilencesMatching(settled, symptomLabels(symptom)).length === 0,
  );
  if (released.length === 0) return { state: settled, symptoms: [] };
  const silencedSymptoms = settled.silencedSymptoms.filter((symptom) => !released.includes(symptom));
  return { state: { ...settled, silencedSymptoms }, symptoms: released };
}

/** When a silence next starts or ends. */
export function nextSilenceChange(state: EngineState): number | undefined {
  let earliest: number | undefined;
  for (const silence of Object.values(state.silences)) {
    const at =
      silence.state === "pending"
        ? silence.startsAt
        : silence.state === "active"
          ? silence.endsAt
          : undefined;
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}

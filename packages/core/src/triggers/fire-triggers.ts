import { noteIncidentsReplaced } from "../engine/incident-index.js";
import { appendTimeline, type Step } from "../engine/incident-update.js";
import { type EscalationOutcome, escalateOrDefer } from "../engine/maintenance.js";
import { withEntries } from "../engine/with-entries.js";
import type { Effect } from "../protocol/effect.js";
import type { EngineState, Incident, TriggerSettings } from "../protocol/engine-state.js";
import { EscalationTrigger } from "../protocol/names.js";
import { recordDeployFailures } from "./deploy-failures.js";
import { TRIGGER_EVALUATORS, type TriggerHit } from "./trigger-evaluators.js";

export function triggerEscalationId(incidentId: string, trigger: EscalationTrigger): string {
  return `${incidentId}.esc.${trigger}`;
}

function evaluate<T extends EscalationTrigger>(
  trigger: T,
  settings: TriggerSettings,
  state: EngineState,
  now: number,
  paged: EngineState | undefined,
): TriggerHit[] {
  const own = settings[trigger];
  if (own === null) return [];
  const evaluator = TRIGGER_EVALUATORS[trigger] as (
    state: EngineState,
    settings: NonNullable<TriggerSettings[T]>,
    now: number,
    paged: EngineState | undefined,
  ) => TriggerHit[];
  return evaluator(state, own as NonNullable<TriggerSettings[T]>, now, paged);
}

/** States `fireTriggers` returned: what every trigger found in them, as of their step's time, is paged. */
const PAGED = new WeakSet<EngineState>();

/** The trigger pages for the incident: noted on it and its timeline; its strike and phase go on as they were. */
function page(
  state: EngineState,
  incident: Incident,
  trigger: EscalationTrigger,
  why: string,
  now: number,
): EscalationOutcome {
  const escalationId = triggerEscalationId(incident.id, trigger);
  const paged = appendTimeline(
    { ...incident, triggered: [...incident.triggered, { trigger, escalationId, at: now }] },
    {
      at: now,
      kind: "escalation_triggered",
      message: `${trigger}: ${why}; a human is paged${incident.state === "open" ? ", the ladder goes on" : ""}`,
    },
  );
  return escalateOrDefer(
    state,
    paged,
    { type: "Escalate", incidentId: incident.id, escalationId, reason: trigger },
    now,
  );
}

/**
 * The escalation triggers after a step (`before` is the state its event arrived in): each enabled trigger
 * pages, once per incident, for every live incident it finds; returns the same state object when none did.
 * The pages are written into one copy of the incidents: after a long outage a start pages thousands at once.
 */
export function fireTriggers(before: EngineState, after: EngineState, now: number): Step {
  const state = recordDeployFailures(before, after, now);
  const pagedBefore = PAGED.has(before) ? before : undefined;
  const effects: Effect[] = [];
  const pages: Record<string, Incident> = {};
  const deferred: EngineState["deferredEscalations"][number][] = [];
  const { triggers } = state.settings.escalation;
  // Evaluators read what a page leaves as it was (sources, times, services), so all read the state as is.
  for (const trigger of EscalationTrigger.options) {
    for (const { incident, why } of evaluate(trigger, triggers, state, now, pagedBefore)) {
      const current = pages[incident.id] ?? state.incidents[incident.id];
      if (current === undefined || current.triggered.some((each) => each.trigger === trigger)) continue;
      const outcome = page(state, current, trigger, why(), now);
      pages[incident.id] = outcome.incident;
      effects.push(...outcome.effects);
      deferred.push(...outcome.deferred);
    }
  }
  if (effects.length === 0 && deferred.length === 0) {
    PAGED.add(state);
    return { state, effects };
  }
  const incidents = withEntries(state.incidents, pages);
  noteIncidentsReplaced(state.incidents, incidents, Object.keys(pages));
  const paged = {
    ...state,
    incidents,
    deferredEscalations: [...state.deferredEscalations, ...deferred],
  };
  PAGED.add(paged);
  return { state: paged, effects };
}

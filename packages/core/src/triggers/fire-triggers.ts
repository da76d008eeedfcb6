import type { Step } from "../engine/incident-update.js";
import { appendTimeline } from "../engine/incident-update.js";
import { sendOrDeferEscalation } from "../engine/maintenance.js";
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
): TriggerHit[] {
  const own = settings[trigger];
  if (own === null) return [];
  const evaluator = TRIGGER_EVALUATORS[trigger] as (
    state: EngineState,
    settings: NonNullable<TriggerSettings[T]>,
    now: number,
  ) => TriggerHit[];
  return evaluator(state, own as NonNullable<TriggerSettings[T]>, now);
}

/** The trigger pages for the incident: noted on it and its timeline; its strike and phase go on as they were. */
function page(
  state: EngineState,
  incident: Incident,
  trigger: EscalationTrigger,
  why: string,
  now: number,
): Step {
  const escalationId = triggerEscalationId(incident.id, trigger);
  const paged = appendTimeline(
    { ...incident, triggered: [...incident.triggered, { trigger, escalationId, at: now }] },
    {
      at: now,
      kind: "escalation_triggered",
      message: `${trigger}: ${why}; a human is paged${incident.state === "open" ? ", the ladder goes on" : ""}`,
    },
  );
  return sendOrDeferEscalation(
    state,
    paged,
    { type: "Escalate", incidentId: incident.id, escalationId, reason: trigger },
    now,
  );
}

/**
 * The escalation triggers after a step (`before` is the state its event arrived in): each enabled trigger
 * pages, once per incident, for every live incident it finds; returns the same state object when none did.
 */
export function fireTriggers(before: EngineState, after: EngineState, now: number): Step {
  let state = recordDeployFailures(before, after, now);
  const effects: Effect[] = [];
  const { triggers } = state.settings.escalation;
  for (const trigger of EscalationTrigger.options) {
    for (const { incident, why } of evaluate(trigger, triggers, state, now)) {
      const current = state.incidents[incident.id];
      if (current === undefined || current.triggered.some((each) => each.trigger === trigger)) continue;
      const paged = page(state, current, trigger, why, now);
      state = paged.state;
      effects.push(...paged.effects);
    }
  }
  return { state, effects };
}

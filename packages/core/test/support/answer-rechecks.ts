import { type Step, step } from "../../src/engine/step.js";
import type { Effect } from "../../src/protocol/effect.js";
import type { EngineEvent } from "../../src/protocol/engine-event.js";
import type { EngineState } from "../../src/protocol/engine-state.js";

/**
 * `step`, then each `RecheckSymptom` it asks for answered at once with the symptom still present, as the
 * daemon does for a symptom that has not gone away: the effects of the answer take the request's place.
 */
export function stepAnsweringRechecks(state: EngineState, event: EngineEvent, now: number): Step {
  const result = step(state, event, now);
  let current = result.state;
  const effects: Effect[] = [];
  for (const effect of result.effects) {
    if (effect.type !== "RecheckSymptom") {
      effects.push(effect);
      continue;
    }
    const answer: EngineEvent = { type: "SymptomRechecked", incidentId: effect.incidentId, isPresent: true };
    const answered = stepAnsweringRechecks(current, answer, now);
    current = answered.state;
    effects.push(...answered.effects);
  }
  return { state: current, effects };
}

import type { EngineState } from "../protocol/engine-state.js";

type Services = EngineState["services"];

const SAME_RULES = new WeakMap<Services, Services>();

/**
 * What to key a view of the services' rules on (dependencies, criticality, verify windows): the first
 * record of a lineage that kept them. A step that discovers a service or measures a scale copies the
 * services record without changing any rule, so such views carry over instead of a pass over every service.
 */
export function serviceRulesOf(state: EngineState): Services {
  return SAME_RULES.get(state.services) ?? state.services;
}

/** `to` is `from` with a scale measured or a discovered service added, which names no rule. */
export function noteSameServiceRules(from: Services, to: Services): void {
  SAME_RULES.set(to, SAME_RULES.get(from) ?? from);
}

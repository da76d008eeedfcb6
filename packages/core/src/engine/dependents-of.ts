import type { EngineState } from "../protocol/engine-state.js";
import { serviceRulesOf } from "./service-rules.js";

const DEPENDENTS = new WeakMap<EngineState["services"], ReadonlyMap<string, readonly string[]>>();

/**
 * Each service named in a `depends_on`, with the services that name it: made once per services record,
 * which changes only when a service is discovered or measured, instead of a pass over all per service.
 */
export function directDependentsByService(state: EngineState): ReadonlyMap<string, readonly string[]> {
  const known = DEPENDENTS.get(serviceRulesOf(state));
  if (known !== undefined) return known;
  const dependents = new Map<string, string[]>();
  for (const { name, dependsOn } of Object.values(state.services)) {
    for (const dependency of dependsOn) {
      const named = dependents.get(dependency);
      if (named === undefined) dependents.set(dependency, [name]);
      else if (!named.includes(name)) named.push(name);
    }
  }
  DEPENDENTS.set(serviceRulesOf(state), dependents);
  return dependents;
}

/** Every service that depends on `service`, directly or through others, nearest first. */
export function allDependentsOf(state: EngineState, service: string): string[] {
  const dependentsOf = directDependentsByService(state);
  const found: string[] = [];
  const queue = [service];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const dependent of dependentsOf.get(next) ?? []) {
      if (dependent === service || found.includes(dependent)) continue;
      found.push(dependent);
      queue.push(dependent);
    }
  }
  return found;
}

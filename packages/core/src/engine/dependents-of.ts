import type { EngineState } from "../protocol/engine-state.js";

/** The services that name `service` in their `depends_on`. */
export function directDependentsOf(state: EngineState, service: string): string[] {
  return Object.values(state.services)
    .filter((each) => each.dependsOn.includes(service))
    .map((each) => each.name);
}

/** Every service that depends on `service`, directly or through others, nearest first. */
export function allDependentsOf(state: EngineState, service: string): string[] {
  const found: string[] = [];
  const queue = [service];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const dependent of directDependentsOf(state, next)) {
      if (dependent === service || found.includes(dependent)) continue;
      found.push(dependent);
      queue.push(dependent);
    }
  }
  return found;
}

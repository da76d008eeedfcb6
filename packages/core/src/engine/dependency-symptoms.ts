import type { EngineState, ServiceState } from "../protocol/engine-state.js";
import type { DetectedSymptom } from "./detection.js";
import { findLiveIncident } from "./incident-update.js";
import { isFailing } from "./is-failing.js";
import { serviceRulesOf } from "./service-rules.js";

/** The source of a `dependency_issues` symptom; it clears once the service or its dependency recovers. */
export const DEPENDENCY_SOURCE = "depends_on";

const PATTERN = "deployment_failures";

const WITH_DEPENDENCIES = new WeakMap<EngineState["services"], readonly ServiceState[]>();

/** The services that name a dependency, listed once per rules of the services: most name none. */
function servicesWithDependencies(state: EngineState): readonly ServiceState[] {
  const known = WITH_DEPENDENCIES.get(serviceRulesOf(state));
  if (known !== undefined) return known;
  const listed = Object.values(state.services).filter((service) => service.dependsOn.length > 0);
  WITH_DEPENDENCIES.set(serviceRulesOf(state), listed);
  return listed;
}

/**
 * `dependency_issues` for each service that is failing while a service it `depends_on` is down too, beside
 * its own uptime incident; cleared when either recovers. Reads the state only, so the order in which the
 * two failures arrived does not matter.
 */
export function detectDependencyIssues(state: EngineState): DetectedSymptom[] {
  const symptoms: DetectedSymptom[] = [];
  for (const { name: service, dependsOn } of servicesWithDependencies(state)) {
    const down = isFailing(state, service)
      ? dependsOn.find((dependency) => isFailing(state, dependency))
      : undefined;
    const isRaised =
      findLiveIncident(state, service, PATTERN)?.activeSources.includes(DEPENDENCY_SOURCE) ?? false;
    if (down !== undefined && !isRaised) {
      const dependencyIncident = findLiveIncident(state, down, "uptime_problems");
      symptoms.push({
        type: "SymptomSeen",
        service,
        pattern: PATTERN,
        symptom: "dependency_issues",
        source: DEPENDENCY_SOURCE,
        detail: `failing while ${down}, which it depends on, is down (${dependencyIncident?.symptom ?? "uptime_problems"})`,
      });
    } else if (down === undefined && isRaised) {
      symptoms.push({ type: "SymptomCleared", service, pattern: PATTERN, source: DEPENDENCY_SOURCE });
    }
  }
  return symptoms;
}

import { catalogKnowledge } from "../knowledge/catalog-knowledge.js";
import type { EngineSettings, EngineState, ServiceState } from "../protocol/engine-state.js";

export function initialState(settings: EngineSettings, services: readonly ServiceState[]): EngineState {
  return {
    settings,
    services: Object.fromEntries(services.map((service) => [service.name, service])),
    incidents: {},
    knowledge: catalogKnowledge(settings.patterns),
    deploys: {},
    nextIncidentNumber: 1,
    automation: { isPaused: false, changedBy: null, changedAt: null, note: null },
    actionLog: [],
    flapping: {},
    silences: {},
    maintenance: {},
    deferredEscalations: [],
    silencedSymptoms: [],
    deployFailures: {},
    slaBurns: {},
  };
}

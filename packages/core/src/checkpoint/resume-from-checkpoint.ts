import { initialState } from "../engine/initial-state.js";
import type { EngineCheckpoint } from "../protocol/engine-checkpoint.js";
import type { EngineSettings, EngineState, ServiceState } from "../protocol/engine-state.js";
import type { IncidentHistory } from "../protocol/incident-history.js";

/**
 * The state a full replay would have reached at the checkpoint's seq under today's settings: the config's
 * services as configured, with the scale measured since; services only the journal named, as it left them.
 */
export function resumeFromCheckpoint(
  checkpoint: EngineCheckpoint,
  settings: EngineSettings,
  configured: readonly ServiceState[],
): { readonly state: EngineState; readonly history: IncidentHistory } {
  const fresh = initialState(settings, configured);
  const services: Record<string, ServiceState> = { ...checkpoint.state.services };
  for (const service of configured) {
    const scale = checkpoint.state.services[service.name]?.scale ?? service.scale;
    services[service.name] = scale === undefined ? service : { ...service, scale };
  }
  return {
    state: { ...checkpoint.state, settings, knowledge: fresh.knowledge, services },
    history: checkpoint.history,
  };
}

import {
  type EngineEvent,
  type EngineState,
  isBurning,
  measureSlaBurns,
  pruneProbes,
  type SlaBreachSettings,
  type SlaObjective,
  type SliProbe,
  slaBurnKey,
} from "@orbt/core";
import type { ServiceConfig } from "../../config/orbt-config.js";
import type { Logger } from "../../create-logger.js";

export type SlaSink = {
  readonly state: EngineState;
  dispatch(event: EngineEvent): Promise<void>;
};

export type SlaWatcherOptions = {
  readonly services: readonly ServiceConfig[];
  /** The `SLA_breach` trigger's settings; null when it is off, and the watcher then keeps nothing. */
  readonly settings: SlaBreachSettings | null;
  readonly sink: SlaSink;
  readonly log: Logger;
};

/**
 * Holds each SLA service's probes over the `SLA_breach` trigger's long window, in memory, and after every
 * probe measures its burn rates. A measurement goes to the engine, journaled, only when it crosses the
 * trigger's threshold either way compared with what the engine last recorded, so the journal grows by
 * crossings, not by probes. After a restart the windows fill again from new probes.
 */
export class SlaWatcher {
  readonly #probes = new Map<string, SliProbe[]>();

  constructor(private readonly options: SlaWatcherOptions) {}

  /** A check of `service` was probed: it answered or not, in `latencyMs`. */
  async recordProbe(service: string, probe: SliProbe): Promise<void> {
    const { settings, sink, log } = this.options;
    const sla = this.options.services.find((each) => each.name === service)?.sla;
    if (settings === null || sla === undefined) return;
    const probes = pruneProbes([...(this.#probes.get(service) ?? []), probe], settings, probe.at);
    this.#probes.set(service, probes);
    const burns = measureSlaBurns(probes, sla, settings, probe.at);
    for (const [objective, burn] of Object.entries(burns) as [SlaObjective, typeof burns.availability][]) {
      if (burn === undefined) continue;
      const recorded = sink.state.slaBurns[slaBurnKey(service, objective)];
      if (isBurning(burn, settings) === isBurning(recorded, settings)) continue;
      log.info({ service, objective, ...burn }, "SLA burn rate crossed the SLA_breach threshold");
      await sink.dispatch({ type: "SlaBurnMeasured", service, objective, ...burn });
    }
  }
}

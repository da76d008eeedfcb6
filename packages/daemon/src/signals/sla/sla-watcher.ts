import {
  type EngineEvent,
  type EngineState,
  isBurning,
  measureSlaBurns,
  type SlaBreachSettings,
  type SlaObjective,
  slaBurnKey,
} from "@orbt/core";
import type { ServiceConfig } from "../../config/orbt-config.js";
import type { Logger } from "../../create-logger.js";
import type { ProbeHistory } from "../checks/probe-history.js";

export type SlaSink = {
  readonly state: EngineState;
  dispatch(event: EngineEvent): Promise<void>;
};

export type SlaWatcherOptions = {
  readonly services: readonly ServiceConfig[];
  /** The `SLA_breach` trigger's settings; null when it is off, and the watcher then measures nothing. */
  readonly settings: SlaBreachSettings | null;
  /** Where the checks' probes are kept. */
  readonly history: Pick<ProbeHistory, "probesOf">;
  readonly sink: SlaSink;
  readonly log: Logger;
};

/**
 * After every probe of an SLA service, measures its burn rates over the `SLA_breach` trigger's windows from
 * the probe history. A measurement goes to the engine, journaled, only when it crosses the trigger's
 * threshold either way compared with what the engine last recorded, so the journal grows by crossings, not
 * by probes. After a restart the windows fill again from new probes.
 */
export class SlaWatcher {
  constructor(private readonly options: SlaWatcherOptions) {}

  /** A check of `service` was probed at `at`, and its probe recorded in the history. */
  async measure(service: string, at: number): Promise<void> {
    const { settings, history, sink, log } = this.options;
    const sla = this.options.services.find((each) => each.name === service)?.sla;
    if (settings === null || sla === undefined) return;
    const probes = history.probesOf(service, at - settings.longWindowMs);
    const burns = measureSlaBurns(probes, sla, settings, at);
    for (const [objective, burn] of Object.entries(burns) as [SlaObjective, typeof burns.availability][]) {
      if (burn === undefined) continue;
      const recorded = sink.state.slaBurns[slaBurnKey(service, objective)];
      if (isBurning(burn, settings) === isBurning(recorded, settings)) continue;
      log.info({ service, objective, ...burn }, "SLA burn rate crossed the SLA_breach threshold");
      await sink.dispatch({ type: "SlaBurnMeasured", service, objective, ...burn });
    }
  }
}

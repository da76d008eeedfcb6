import {
  type EngineState,
  evaluateInstant,
  formatDurationMs,
  type QueryValue,
  type SeriesStore,
  type ServiceScaleMeasured,
  scaleOfRate,
} from "@orbt/core";
import type { OrbtConfig, ServiceConfig } from "../../config/orbt-config.js";
import type { Logger } from "../../create-logger.js";

export type ScaleSink = {
  readonly state: EngineState;
  dispatch(event: ServiceScaleMeasured): Promise<void>;
};

export type ScaleMonitorOptions = {
  readonly services: readonly ServiceConfig[];
  readonly knowledge: OrbtConfig["knowledge"];
  readonly series: SeriesStore;
  readonly sink: ScaleSink;
  readonly log: Logger;
  readonly clock?: () => number;
};

/**
 * A service's request rate: its own `request_rate` query, else its requests as OTLP spans (server and
 * consumer spans, whose job is the service's name).
 */
export function requestRateQuery(service: ServiceConfig, rateWindowMs: number): string {
  return (
    service.requestRateQuery ??
    `sum(rate(orbt_spans_total{job="${service.name}",span_kind=~"server|consumer"}[${formatDurationMs(rateWindowMs)}]))`
  );
}

/** The rate a query answered, summed over its series; undefined when it has no data. */
function rateOf(value: QueryValue): number | undefined {
  const values =
    value.resultType === "vector"
      ? value.result.map((sample) => sample.value)
      : value.resultType === "scalar"
        ? [value.result.value]
        : [];
  const rate = values.reduce((sum, each) => sum + each, 0);
  return values.length === 0 || Number.isNaN(rate) ? undefined : rate;
}

/**
 * Measures the scale of each service whose config does not set one, from its request rate in the bands
 * of `knowledge.scale_bands`, and tells the engine when it changes. No data, no change: the scale last
 * measured holds, across restarts too (it is journaled).
 */
export class ScaleMonitor {
  readonly #measured: readonly ServiceConfig[];
  #timer: NodeJS.Timeout | undefined;
  readonly #clock: () => number;

  constructor(private readonly options: ScaleMonitorOptions) {
    this.#measured = options.services.filter((service) => service.scale === undefined);
    this.#clock = options.clock ?? Date.now;
  }

  start(): void {
    if (this.#measured.length === 0) return;
    this.#timer = setInterval(() => void this.measure(), this.options.knowledge.measureEveryMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async measure(): Promise<void> {
    const { knowledge, series, sink, log } = this.options;
    const now = this.#clock();
    for (const service of this.#measured) {
      const query = requestRateQuery(service, knowledge.rateWindowMs);
      const result = evaluateInstant(query, now, series);
      if (!result.ok) {
        log.warn({ service: service.name, query, err: result.error.message }, "request rate not measured");
        continue;
      }
      const rate = rateOf(result.value.value);
      if (rate === undefined) continue;
      const scale = scaleOfRate(rate, knowledge.scaleBands);
      if (sink.state.services[service.name]?.scale === scale) continue;
      log.info({ service: service.name, requestsPerSecond: rate, scale }, "service scale measured");
      await sink.dispatch({ type: "ServiceScaleMeasured", service: service.name, scale });
    }
  }
}

import type { ServiceConfig } from "../../config/orbt-config.js";
import type { Logger } from "../../create-logger.js";
import type { SymptomSink } from "../ingest/symptom-sink.js";

/** The source of a missed-heartbeat symptom. */
export const HEARTBEAT_SOURCE = "heartbeat";

const PATTERN = "uptime_problems";

type Watched = { readonly everyMs: number; readonly missed: number; timer: NodeJS.Timeout | undefined };

export type HeartbeatMonitorOptions = {
  readonly services: readonly ServiceConfig[];
  readonly sink: SymptomSink;
  readonly log: Logger;
};

/**
 * Watches the services with a `heartbeat:`: `missed` beats in a row not received (counted from the last
 * beat, or from the start) raise `health_check_failures`; the next beat clears it.
 */
export class HeartbeatMonitor {
  readonly #watched = new Map<string, Watched>();
  #isStopped = false;

  constructor(private readonly options: HeartbeatMonitorOptions) {
    for (const service of options.services) {
      if (service.heartbeat === undefined) continue;
      this.#watched.set(service.name, { ...service.heartbeat, timer: undefined });
    }
  }

  start(): void {
    for (const service of this.#watched.keys()) this.#arm(service);
  }

  stop(): void {
    this.#isStopped = true;
    for (const watched of this.#watched.values()) clearTimeout(watched.timer);
  }

  /** A beat of `service`; false when the service has no heartbeat configured. */
  async beat(service: string): Promise<boolean> {
    if (!this.#watched.has(service)) return false;
    this.#arm(service);
    const { sink } = this.options;
    if (sink.isSourceActive(service, PATTERN, HEARTBEAT_SOURCE)) {
      await sink.dispatch({ type: "SymptomCleared", service, pattern: PATTERN, source: HEARTBEAT_SOURCE });
    }
    return true;
  }

  #arm(service: string): void {
    const watched = this.#watched.get(service);
    if (watched === undefined || this.#isStopped) return;
    clearTimeout(watched.timer);
    const silenceMs = watched.everyMs * watched.missed;
    watched.timer = setTimeout(() => void this.#miss(service, silenceMs), silenceMs);
  }

  async #miss(service: string, silenceMs: number): Promise<void> {
    const { sink, log } = this.options;
    const watched = this.#watched.get(service);
    if (watched === undefined || sink.isSourceActive(service, PATTERN, HEARTBEAT_SOURCE)) return;
    const detail = `no heartbeat for ${silenceMs}ms: ${watched.missed} beats missed (expected every ${watched.everyMs}ms)`;
    log.warn({ service, source: HEARTBEAT_SOURCE, detail }, "heartbeat missed");
    try {
      await sink.dispatch({
        type: "SymptomSeen",
        service,
        pattern: PATTERN,
        symptom: "health_check_failures",
        source: HEARTBEAT_SOURCE,
        detail,
      });
    } catch (err) {
      log.error({ err, service }, "missed heartbeat not recorded");
    }
  }
}

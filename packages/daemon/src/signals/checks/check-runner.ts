import type { EngineEvent } from "@orbt/core";
import type { CheckConfig, ServiceConfig } from "../../config/orbt-config.js";
import type { Logger } from "../../create-logger.js";
import type { DaemonMetrics } from "../../daemon-metrics.js";
import { probeCheck } from "./check-kinds.js";
import type { ProbeResult } from "./probe-result.js";

const PATTERN = "uptime_problems";

export type CheckSink = {
  dispatch(event: EngineEvent): Promise<void>;
  isSourceActive(service: string, pattern: string, source: string): boolean;
};

export type CheckRunnerOptions = {
  readonly services: readonly ServiceConfig[];
  readonly sink: CheckSink;
  readonly log: Logger;
  readonly metrics: DaemonMetrics;
};

export function checkSource(index: number): string {
  return `check:${index}`;
}

/** The index of the check a `checkSource` names; undefined for any other source. */
export function checkIndexOf(source: string): number | undefined {
  const match = /^check:(\d+)$/.exec(source);
  return match === null ? undefined : Number(match[1]);
}

/**
 * Probes every configured check on its interval. A probe's result is acted on at once: the
 * `fail_after`-th consecutive failure raises the symptom, the first success clears it.
 */
export class CheckRunner {
  readonly #timers = new Set<NodeJS.Timeout>();
  #isStopped = false;

  constructor(private readonly options: CheckRunnerOptions) {}

  start(): void {
    for (const service of this.options.services) {
      service.checks.forEach((check, index) => {
        this.#loop(service.name, check, checkSource(index), 0);
      });
    }
  }

  stop(): void {
    this.#isStopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #loop(service: string, check: CheckConfig, source: string, consecutiveFailures: number): void {
    if (this.#isStopped) return;
    const startedAtMs = performance.now();
    void probeCheck(check).then(async (result) => {
      const failures = result.ok ? 0 : consecutiveFailures + 1;
      this.options.metrics.checkDuration.observe(
        { service, result: result.ok ? "ok" : "fail" },
        result.latencyMs / 1000,
      );
      try {
        await this.#report(service, check, source, result, failures);
      } catch (err) {
        this.options.log.error({ err, service, source }, "check result not recorded");
      }
      if (this.#isStopped) return;
      const elapsedMs = performance.now() - startedAtMs;
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          this.#loop(service, check, source, failures);
        },
        Math.max(0, check.intervalMs - elapsedMs),
      );
      this.#timers.add(timer);
    });
  }

  async #report(service: string, check: CheckConfig, source: string, result: ProbeResult, failures: number) {
    const { sink, log } = this.options;
    const isActive = sink.isSourceActive(service, PATTERN, source);
    if (result.ok) {
      if (isActive) await sink.dispatch({ type: "SymptomCleared", service, pattern: PATTERN, source });
      return;
    }
    if (failures < check.failAfter || isActive) return;
    log.warn({ service, source, symptom: result.symptom, detail: result.detail }, "check failing");
    await sink.dispatch({
      type: "SymptomSeen",
      service,
      pattern: PATTERN,
      symptom: result.symptom,
      source,
      detail: result.detail,
    });
  }
}

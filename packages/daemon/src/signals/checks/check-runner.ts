import type { EngineEvent } from "@orbt/core";
import type { CheckConfig, ServiceConfig } from "../../config/orbt-config.js";
import type { Logger } from "../../create-logger.js";
import type { DaemonMetrics } from "../../daemon-metrics.js";
import { probeCheck } from "./check-kinds.js";
import {
  aspectPattern,
  type CheckAspect,
  checkSource,
  judgeProbe,
  type ProbeVerdict,
} from "./judge-probe.js";
import type { ProbeHistory } from "./probe-history.js";

export type CheckSink = {
  dispatch(event: EngineEvent): Promise<void>;
  isSourceActive(service: string, pattern: string, source: string): boolean;
};

/** Told of every probe once the history holds it, for what is measured over many probes (the SLA). */
export type ProbeListener = (service: string, at: number) => Promise<void>;

export type CheckRunnerOptions = {
  readonly services: readonly ServiceConfig[];
  readonly sink: CheckSink;
  readonly onProbe?: ProbeListener;
  readonly log: Logger;
  readonly metrics: DaemonMetrics;
  readonly history: ProbeHistory;
};

/** Consecutive probes that found each aspect of a check wrong. */
type Streaks = { readonly [A in CheckAspect]: number };

const ASPECTS: readonly CheckAspect[] = ["up", "latency"];

/**
 * Probes every configured check on its interval. A probe's result is acted on at once: the
 * `fail_after`-th consecutive failed (or slow) probe raises the symptom, the first good one clears it.
 */
export class CheckRunner {
  readonly #timers = new Set<NodeJS.Timeout>();
  #isStopped = false;

  constructor(private readonly options: CheckRunnerOptions) {}

  start(): void {
    for (const service of this.options.services) {
      service.checks.forEach((check, index) => {
        this.#loop(service.name, check, index, { up: 0, latency: 0 });
      });
    }
  }

  stop(): void {
    this.#isStopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #loop(service: string, check: CheckConfig, index: number, streaks: Streaks): void {
    if (this.#isStopped) return;
    const startedAtMs = performance.now();
    void probeCheck(check).then(async (result) => {
      const at = Date.now();
      this.options.history.record(
        service,
        { at, isUp: result.ok, latencyMs: result.latencyMs },
        result.certificateExpiresAt,
      );
      const verdict = judgeProbe(check, result);
      this.options.metrics.checkDuration.observe(
        { service, result: result.ok ? "ok" : "fail" },
        result.latencyMs / 1000,
      );
      const next = nextStreaks(streaks, verdict);
      await this.#tellProbe(service, at);
      for (const aspect of ASPECTS) {
        try {
          await this.#report(service, check, index, aspect, verdict, next[aspect]);
        } catch (err) {
          this.options.log.error(
            { err, service, source: checkSource(index, aspect) },
            "check result not recorded",
          );
        }
      }
      if (this.#isStopped) return;
      const elapsedMs = performance.now() - startedAtMs;
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          this.#loop(service, check, index, next);
        },
        Math.max(0, check.intervalMs - elapsedMs),
      );
      this.#timers.add(timer);
    });
  }

  async #tellProbe(service: string, at: number): Promise<void> {
    try {
      await this.options.onProbe?.(service, at);
    } catch (err) {
      this.options.log.error({ err, service }, "probe not recorded for the SLA");
    }
  }

  async #report(
    service: string,
    check: CheckConfig,
    index: number,
    aspect: CheckAspect,
    verdict: ProbeVerdict,
    streak: number,
  ): Promise<void> {
    const { sink, log } = this.options;
    const problem = verdict[aspect];
    const pattern = aspectPattern(check, aspect);
    if (problem === undefined || pattern === undefined) return;
    const source = checkSource(index, aspect);
    const isActive = sink.isSourceActive(service, pattern, source);
    if (problem === null) {
      if (isActive) await sink.dispatch({ type: "SymptomCleared", service, pattern, source });
      return;
    }
    if (streak < check.failAfter || isActive) return;
    log.warn({ service, source, symptom: problem.symptom, detail: problem.detail }, "check failing");
    await sink.dispatch({
      type: "SymptomSeen",
      service,
      pattern,
      symptom: problem.symptom,
      source,
      detail: problem.detail,
    });
  }
}

/** A problem extends its aspect's streak, a good probe ends it; a probe that tells nothing leaves it. */
function nextStreaks(streaks: Streaks, verdict: ProbeVerdict): Streaks {
  const next = (aspect: CheckAspect) => {
    const problem = verdict[aspect];
    if (problem === undefined) return streaks[aspect];
    return problem === null ? 0 : streaks[aspect] + 1;
  };
  return { up: next("up"), latency: next("latency") };
}

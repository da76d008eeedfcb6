import type { ScrapeTargetConfig } from "../../config/orbt-config.js";
import type { Logger } from "../../create-logger.js";
import type { SeriesRefAppender } from "../series-appender.js";
import { type ScrapeReport, TargetScraper } from "./target-scraper.js";

export type ScrapeRunnerOptions = {
  readonly services: readonly { readonly name: string; readonly scrape: readonly ScrapeTargetConfig[] }[];
  readonly appender: SeriesRefAppender;
  readonly log: Logger;
  /** Wall clock for sample timestamps; defaults to `Date.now`. */
  readonly nowMs?: () => number;
  /** Sees every scrape's outcome (metrics, tests). */
  readonly onScrape?: (job: string, target: ScrapeTargetConfig, report: ScrapeReport) => void;
};

/**
 * Scrapes every service's `scrape:` targets on their intervals. Scrapes start on a fixed beat
 * (start + k × interval); one that overruns its interval delays only the next.
 */
export class ScrapeRunner {
  readonly #options: ScrapeRunnerOptions;
  readonly #log: Logger;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stop = new AbortController();
  readonly #scrapers: TargetScraper[] = [];

  constructor(options: ScrapeRunnerOptions) {
    this.#options = options;
    this.#log = options.log.child({ module: "signals/scrape" });
  }

  start(): void {
    const { services, appender, nowMs } = this.#options;
    for (const service of services) {
      for (const target of service.scrape) {
        const scraper = new TargetScraper({ job: service.name, target, appender, nowMs });
        this.#scrapers.push(scraper);
        this.#loop(service.name, target, scraper, performance.now(), true);
      }
    }
  }

  /** Cancels pending scrapes, waits for the running ones to end and closes the targets' connections. */
  async stop(): Promise<void> {
    this.#stop.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#inFlight);
    for (const scraper of this.#scrapers) scraper.close();
  }

  #loop(
    job: string,
    target: ScrapeTargetConfig,
    scraper: TargetScraper,
    dueAtMs: number,
    wasUp: boolean,
  ): void {
    if (this.#stop.signal.aborted) return;
    const run = scraper.scrape(this.#stop.signal).then((report) => {
      this.#inFlight.delete(run);
      if (this.#stop.signal.aborted) return;
      this.#options.onScrape?.(job, target, report);
      this.#logTransition(job, target, report, wasUp);
      const nextDueAtMs = Math.max(dueAtMs + target.intervalMs, performance.now());
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#loop(job, target, scraper, nextDueAtMs, report.isUp);
      }, nextDueAtMs - performance.now());
      this.#timers.add(timer);
    });
    this.#inFlight.add(run);
  }

  #logTransition(job: string, target: ScrapeTargetConfig, report: ScrapeReport, wasUp: boolean): void {
    if (report.isUp === wasUp) return;
    const fields = { job, url: target.url, durationSeconds: report.durationSeconds };
    if (report.isUp) this.#log.info(fields, "scrape target up");
    else this.#log.warn({ ...fields, error: report.error }, "scrape target down");
  }
}

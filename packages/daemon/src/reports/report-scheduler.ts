import { type ScheduledTask, schedule } from "node-cron";
import type { ReportSchedule } from "../config/report-config.js";
import type { Logger } from "../create-logger.js";
import type { DomainReports } from "./domain-reports.js";

/** Builds and sends each configured report when its cron expression fires; one still building skips the next. */
export class ReportScheduler {
  readonly #tasks: ScheduledTask[] = [];

  constructor(
    private readonly options: {
      readonly schedules: readonly ReportSchedule[];
      readonly reports: DomainReports;
      readonly log: Logger;
    },
  ) {}

  start(): void {
    const { reports, log } = this.options;
    this.options.schedules.forEach((each, index) => {
      const task = schedule(
        each.schedule,
        async () => {
          try {
            await reports.build(each);
          } catch (err) {
            log.error({ err, name: each.name }, "scheduled report failed");
          }
        },
        { noOverlap: true, name: `orbt-report-${index}` },
      );
      this.#tasks.push(task);
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.#tasks.map((task) => task.destroy()));
    this.#tasks.length = 0;
  }
}

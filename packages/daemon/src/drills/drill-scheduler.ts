import { type ScheduledTask, schedule } from "node-cron";
import type { DrillsConfig } from "../config/drill-config.js";
import type { Logger } from "../create-logger.js";
import type { DrillRunner } from "./drill-runner.js";

/** Runs each scheduled drill when its cron expression fires; one still running makes the next refuse. */
export class DrillScheduler {
  readonly #tasks: ScheduledTask[] = [];

  constructor(
    private readonly options: {
      readonly schedules: DrillsConfig["schedules"];
      readonly drills: Pick<DrillRunner, "run">;
      readonly log: Logger;
    },
  ) {}

  start(): void {
    const { drills, log } = this.options;
    this.options.schedules.forEach((each, index) => {
      const task = schedule(
        each.schedule,
        async () => {
          try {
            const started = await drills.run({ service: each.service, fault: each.fault, by: "schedule" });
            if (!started.ok) {
              log.warn({ service: each.service, reason: started.error.message }, "scheduled drill refused");
              return;
            }
            await started.value.finished;
          } catch (err) {
            log.error({ err, service: each.service }, "scheduled drill failed");
          }
        },
        { noOverlap: true, name: `orbt-drill-${index}` },
      );
      this.#tasks.push(task);
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.#tasks.map((task) => task.destroy()));
    this.#tasks.length = 0;
  }
}

import type { MaintenanceStarted } from "@orbt/core";
import { type ScheduledTask, schedule } from "node-cron";
import type { MaintenanceWindowConfig } from "../config/orbt-config.js";
import type { Logger } from "../create-logger.js";

export type MaintenanceSchedulerOptions = {
  readonly windows: readonly MaintenanceWindowConfig[];
  readonly dispatch: (event: MaintenanceStarted) => Promise<void>;
  readonly log: Logger;
  readonly clock?: () => number;
};

/**
 * Opens each configured maintenance window when its cron expression fires, as a journaled
 * `MaintenanceStarted`: the engine holds the window from then on, across restarts, until its end.
 */
export class MaintenanceScheduler {
  readonly #tasks: ScheduledTask[] = [];

  constructor(private readonly options: MaintenanceSchedulerOptions) {}

  start(): void {
    const { windows, dispatch, log } = this.options;
    const clock = this.options.clock ?? Date.now;
    for (const window of windows) {
      const task = schedule(window.cron, async () => {
        const endsAt = clock() + window.durationMs;
        log.info({ services: window.services, cron: window.cron, endsAt }, "maintenance window opened");
        await dispatch({ type: "MaintenanceStarted", services: window.services, endsAt }).catch(
          () => undefined, // logged by dispatch
        );
      });
      this.#tasks.push(task);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.#tasks.map((task) => task.destroy()));
    this.#tasks.length = 0;
  }
}

import { type ScheduledTask, schedule } from "node-cron";
import type { Logger } from "../create-logger.js";
import { backupSqlite } from "./backup-sqlite.js";

export type BackupSchedulerOptions = {
  readonly dbFile: string;
  readonly schedule: string;
  readonly keep: number;
  readonly dir: string;
  readonly log: Logger;
};

/** Backs the SQLite store up each time the cron expression fires; a backup still running skips the next. */
export class BackupScheduler {
  #task: ScheduledTask | undefined;

  constructor(private readonly options: BackupSchedulerOptions) {}

  start(): void {
    const { dbFile, dir, keep, log } = this.options;
    this.#task = schedule(
      this.options.schedule,
      async () => {
        const startedAtMs = performance.now();
        try {
          // Loaded as the store loads it, so a Postgres install never needs better-sqlite3.
          const { default: Database } = await import("better-sqlite3");
          const written = await backupSqlite(Database, { dbFile, dir, keep, nowMs: Date.now() });
          const durationMs = Math.round(performance.now() - startedAtMs);
          log.info({ file: written.file, removed: written.removed, durationMs }, "backup written");
        } catch (err) {
          log.error({ err, dir }, "backup failed");
        }
      },
      { noOverlap: true, name: "orbt-backup" },
    );
  }

  async stop(): Promise<void> {
    await this.#task?.destroy();
    this.#task = undefined;
  }
}

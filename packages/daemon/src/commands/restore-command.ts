import { basename, dirname, resolve } from "node:path";
import { Command } from "commander";
import { formatConfigProblem } from "../config/config-problem.js";
import { describeError } from "../signals/ingest/describe-error.js";
import { appendRestoreRecord, RESTORE_LOG_FILE } from "../store/restore-log.js";
import { restoreSqlite } from "../store/restore-sqlite.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { loadSetup } from "./load-setup.js";

const EXIT_FAILED = 1;
const EXIT_INVALID_CONFIG = 2;

/**
 * `orbtd restore --from <backup> [--config <file>]`: restores a backup into the config's data_dir, which
 * must be empty, and verifies the copy; the daemon started on it then serves what the backup held. The
 * restore is logged beside the backup (`restores.jsonl`), where readiness finds the restore tested.
 */
export function restoreCommand(io: CommandIo = PROCESS_IO): Command {
  return new Command("restore")
    .description("restore a backup into an empty data_dir")
    .requiredOption("--from <file>", "backup file written by backup:")
    .option("--config <file>", "config file whose data_dir to restore into (default: the embedded one)")
    .action(async (options: { from: string; config?: string }) => {
      const loaded = await loadSetup(options.config);
      if (!loaded.ok) {
        for (const problem of loaded.error) io.writeErr(formatConfigProblem(problem));
        io.setExitCode(EXIT_INVALID_CONFIG);
        return;
      }
      if (loaded.value.store.kind !== "sqlite") {
        io.writeErr("orbtd restore: the store is Postgres; restore it with pg_restore");
        io.setExitCode(EXIT_INVALID_CONFIG);
        return;
      }
      const { default: Database } = await import("better-sqlite3");
      const backupFile = resolve(options.from);
      const restored = await restoreSqlite(Database, { backupFile, dataDir: loaded.value.config.dataDir });
      if (!restored.ok) {
        io.writeErr(`orbtd restore: ${restored.error.message}`);
        io.setExitCode(EXIT_FAILED);
        return;
      }
      const { file, events, incidents } = restored.value;
      io.writeOut(`restored ${backupFile} into ${file} (${events} events, ${incidents} incidents), verified`);
      const record = {
        at: new Date().toISOString(),
        backup: basename(backupFile),
        data_dir: loaded.value.config.dataDir,
        events,
        incidents,
      };
      // The restore stands even when it cannot be logged; readiness then does not count it.
      await appendRestoreRecord(dirname(backupFile), record).then(
        () =>
          io.writeOut(
            `logged in ${dirname(backupFile)}/${RESTORE_LOG_FILE}: readiness counts it as a restore test`,
          ),
        (error: unknown) =>
          io.writeErr(`orbtd restore: not logged as a restore test: ${describeError(error)}`),
      );
      io.setExitCode(0);
    });
}

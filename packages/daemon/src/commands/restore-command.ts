import { resolve } from "node:path";
import { Command } from "commander";
import { formatConfigProblem } from "../config/config-problem.js";
import { restoreSqlite } from "../store/restore-sqlite.js";
import { type CommandIo, PROCESS_IO } from "./command-io.js";
import { loadSetup } from "./load-setup.js";

const EXIT_FAILED = 1;
const EXIT_INVALID_CONFIG = 2;

/**
 * `orbtd restore --from <backup> [--config <file>]`: restores a backup into the config's data_dir, which
 * must be empty; the daemon started on it then serves what the backup held.
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
      io.writeOut(`restored ${backupFile} into ${file} (${events} events, ${incidents} incidents)`);
      io.setExitCode(0);
    });
}

import { join } from "node:path";
import * as z from "zod";
import { cronExpression, expecting, positiveInteger } from "./field-schemas.js";

/**
 * `backup: {schedule, keep, dir}`: an online copy of the SQLite store each time `schedule` fires, the
 * newest `keep` kept. `dir` is as written here; `parseConfigText` resolves it against the config's directory.
 */
export const Backup = z
  .strictObject(
    {
      schedule: cronExpression.describe("When a backup is written."),
      keep: positiveInteger.default(7).describe("Backups kept; older ones are deleted."),
      dir: z
        .string(expecting("a directory path"))
        .min(1, expecting("a directory path"))
        .optional()
        .describe("Where backups go, relative to the config file; default data_dir/backups."),
    },
    expecting("a mapping with schedule"),
  )
  .transform((raw) => ({ schedule: raw.schedule, keep: raw.keep, dir: raw.dir ?? null }));

/** Where backups go: `backup.dir`, or `backups` in the data directory. */
export function backupDirOf(config: {
  readonly dataDir: string;
  readonly backup: { readonly dir: string | null };
}): string {
  return config.backup.dir ?? join(config.dataDir, "backups");
}

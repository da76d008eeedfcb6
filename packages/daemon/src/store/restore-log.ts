import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";

/** Beside the backups, so the daemon whose backups they are sees its restores tested. */
export const RESTORE_LOG_FILE = "restores.jsonl";

/** One line of the log: a backup `orbtd restore` restored and found whole, when, into which data dir. */
export const RestoreRecord = z.object({
  at: z.iso.datetime(),
  backup: z.string().min(1),
  data_dir: z.string().min(1),
  events: z.int().nonnegative(),
  incidents: z.int().nonnegative(),
});
export type RestoreRecord = z.infer<typeof RestoreRecord>;

export async function appendRestoreRecord(backupDir: string, record: RestoreRecord): Promise<void> {
  await appendFile(join(backupDir, RESTORE_LOG_FILE), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/**
 * When a backup in `backupDir` was last restored and verified (ms since the epoch), or null. A line that
 * does not parse, say one cut short by a full disk, is skipped rather than hiding the others.
 */
export async function readLastRestoreAt(backupDir: string): Promise<number | null> {
  const text = await readFile(join(backupDir, RESTORE_LOG_FILE), "utf8").catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    },
  );
  const times = text.split("\n").flatMap((line) => {
    const parsed = RestoreRecord.safeParse(safeJson(line));
    return parsed.success ? [Date.parse(parsed.data.at)] : [];
  });
  return times.length === 0 ? null : Math.max(...times);
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

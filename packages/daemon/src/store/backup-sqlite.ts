import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** The part of better-sqlite3 a backup needs: a read-only connection with its online backup. */
export type SqliteBackupLibrary = new (
  file: string,
  options: { readonly readonly: true; readonly fileMustExist: true },
) => { backup(destination: string): Promise<unknown>; close(): void };

export type BackupWritten = {
  readonly file: string;
  /** Older backups deleted to keep the newest `keep`. */
  readonly removed: readonly string[];
};

/** `orbt-20261207T031500123Z.db`: names sort by time. */
const BACKUP_NAME = /^orbt-\d{8}T\d{9}Z\.db$/;

function backupName(nowMs: number): string {
  return `orbt-${new Date(nowMs).toISOString().replace(/[-:.]/g, "")}.db`;
}

/** The backups in `dir`, oldest first. */
export async function listBackups(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  return names.filter((name) => BACKUP_NAME.test(name)).sort();
}

/**
 * Copies the SQLite store at `dbFile` into `dir` with SQLite's online backup, which reads a consistent
 * snapshot while the daemon keeps writing, then deletes all but the newest `keep` backups. A backup is
 * written under a temporary name and renamed once complete, so a crash never leaves a partial one.
 */
export async function backupSqlite(
  Database: SqliteBackupLibrary,
  options: { readonly dbFile: string; readonly dir: string; readonly keep: number; readonly nowMs: number },
): Promise<BackupWritten> {
  await mkdir(options.dir, { recursive: true });
  const file = join(options.dir, backupName(options.nowMs));
  const partial = `${file}.partial`;
  const source = new Database(options.dbFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
  } finally {
    source.close();
  }
  await rename(partial, file);
  const backups = await listBackups(options.dir);
  const removed = backups.slice(0, Math.max(0, backups.length - options.keep));
  for (const name of removed) await rm(join(options.dir, name), { force: true });
  return { file, removed };
}

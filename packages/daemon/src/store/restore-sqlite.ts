import { mkdir, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { err, ok, type Result } from "@orbt/core";
import { describeError } from "../signals/ingest/describe-error.js";

/** The part of better-sqlite3 a restore needs. */
export type SqliteRestoreLibrary = new (
  file: string,
  options: { readonly readonly: true; readonly fileMustExist: true },
) => {
  pragma(source: string, options: { readonly simple: true }): unknown;
  prepare(sql: string): { get(): unknown };
  backup(destination: string): Promise<unknown>;
  close(): void;
};

export type RestoreError = {
  readonly code: "data_dir_not_empty" | "not_a_backup" | "restore_failed";
  readonly message: string;
};

export type Restored = { readonly file: string; readonly events: number; readonly incidents: number };

async function listEntries(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
}

function countRows(database: InstanceType<SqliteRestoreLibrary>, table: "events" | "incidents"): number {
  return (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/**
 * Restores a backup into `dataDir`, which must be empty or absent: the backup must be a sound Orbt store
 * (SQLite's integrity check passes, it holds a journal), and is copied with SQLite's backup into
 * `dataDir/orbt.db`, which appears only once complete.
 */
export async function restoreSqlite(
  Database: SqliteRestoreLibrary,
  options: { readonly backupFile: string; readonly dataDir: string },
): Promise<Result<Restored, RestoreError>> {
  const entries = await listEntries(options.dataDir);
  if (entries.length > 0) {
    return err({
      code: "data_dir_not_empty",
      message: `data dir ${options.dataDir} is not empty (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}): restore only into an empty one`,
    });
  }
  let source: InstanceType<SqliteRestoreLibrary>;
  try {
    source = new Database(options.backupFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    return err({ code: "not_a_backup", message: `${options.backupFile}: ${describeError(error)}` });
  }
  try {
    let counts: { events: number; incidents: number };
    try {
      const integrity = source.pragma("integrity_check", { simple: true });
      if (integrity !== "ok") throw new Error(`integrity check: ${String(integrity)}`);
      counts = { events: countRows(source, "events"), incidents: countRows(source, "incidents") };
    } catch (error) {
      return err({
        code: "not_a_backup",
        message: `${options.backupFile} is not an Orbt store: ${describeError(error)}`,
      });
    }
    const file = join(options.dataDir, "orbt.db");
    try {
      await mkdir(options.dataDir, { recursive: true });
      await source.backup(`${file}.partial`);
      await rename(`${file}.partial`, file);
    } catch (error) {
      return err({ code: "restore_failed", message: `${file}: ${describeError(error)}` });
    }
    return ok({ file, ...counts });
  } finally {
    source.close();
  }
}

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

/** SQLite's integrity check passes, and the journal and incidents are counted. */
function checkStore(database: InstanceType<SqliteRestoreLibrary>): { events: number; incidents: number } {
  const integrity = database.pragma("integrity_check", { simple: true });
  if (integrity !== "ok") throw new Error(`integrity check: ${String(integrity)}`);
  return { events: countRows(database, "events"), incidents: countRows(database, "incidents") };
}

/** The restored copy is whole and holds what the backup held. */
function verifyCopy(
  Database: SqliteRestoreLibrary,
  file: string,
  expected: { readonly events: number; readonly incidents: number },
): void {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const found = checkStore(copy);
    if (found.events !== expected.events || found.incidents !== expected.incidents) {
      throw new Error(
        `the copy holds ${found.events} events and ${found.incidents} incidents, the backup ${expected.events} and ${expected.incidents}`,
      );
    }
  } finally {
    copy.close();
  }
}

/**
 * Restores a backup into `dataDir`, which must be empty or absent: the backup must be a sound Orbt store
 * (SQLite's integrity check passes, it holds a journal), and is copied with SQLite's backup into
 * `dataDir/orbt.db`, which appears only once complete; the copy is then checked the same way and must
 * hold as many events and incidents as the backup.
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
      counts = checkStore(source);
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
      verifyCopy(Database, file, counts);
    } catch (error) {
      return err({ code: "restore_failed", message: `${file}: ${describeError(error)}` });
    }
    return ok({ file, ...counts });
  } finally {
    source.close();
  }
}

import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { CamelCasePlugin, Kysely, type SqliteDatabase, SqliteDialect } from "kysely";
import type { StoreAccess } from "./store.js";
import type { StoreSchema } from "./store-schema.js";

/** The part of better-sqlite3's `Database` the store uses. */
export interface SqliteConnection extends SqliteDatabase {
  pragma(source: string): unknown;
}

export type SqliteLibrary = new (
  file: string,
  options?: { readonly readonly?: boolean; readonly fileMustExist?: boolean },
) => SqliteConnection;

/** Long enough to outlast a checkpoint or a second process's write, short enough to surface a stuck lock. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Creates the file's directory, opens it in WAL mode and returns a Kysely over it. Read-only, it opens an
 * existing file as it is and changes nothing: SQLite refuses every write on that connection.
 */
export async function openSqliteKysely(
  file: string,
  Database: SqliteLibrary,
  access: StoreAccess = "read_write",
): Promise<Kysely<StoreSchema>> {
  const isReadOnly = access === "read_only";
  if (!isReadOnly) await mkdir(dirname(file), { recursive: true });
  const connection = new Database(file, { readonly: isReadOnly, fileMustExist: isReadOnly });
  // busy_timeout first: switching to WAL itself waits on other connections' locks.
  connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  if (!isReadOnly) {
    connection.pragma("journal_mode = WAL");
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
    connection.pragma("synchronous = NORMAL");
  }
  return new Kysely<StoreSchema>({
    dialect: new SqliteDialect({ database: connection }),
    plugins: [new CamelCasePlugin()],
  });
}

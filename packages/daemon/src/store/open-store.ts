import type { Kysely } from "kysely";
import { migrateStore } from "./migrate-store.js";
import { openPostgresKysely } from "./postgres-kysely.js";
import { openSqliteKysely } from "./sqlite-kysely.js";
import type { Store, StoreAccess, StoreKind, StoreOptions } from "./store.js";
import { createStoreQueries } from "./store-queries.js";
import type { StoreSchema } from "./store-schema.js";

/**
 * A Kysely over the store, unmigrated. Read-only access opens SQLite read-only; Postgres has no such
 * connection, so its reader sets its own transactions read-only.
 */
export async function openKysely(
  options: StoreOptions,
  access: StoreAccess = "read_write",
): Promise<Kysely<StoreSchema>> {
  // Each driver is loaded only when chosen: a SQLite install never needs pg, and the reverse.
  if (options.kind === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    return openSqliteKysely(options.file, Database, access);
  }
  const { default: pg } = await import("pg");
  return openPostgresKysely(options.connectionString, pg);
}

function createStore(db: Kysely<StoreSchema>, kind: StoreKind): Store {
  const transaction: Store["transaction"] = (fn) =>
    db.transaction().execute((trx) => fn(createStoreQueries(trx, kind)));
  return {
    ...createStoreQueries(db, kind),
    // An append is its own transaction so its journal-order lock is held until the row commits.
    appendEvent: (event) => transaction((tx) => tx.appendEvent(event)),
    transaction,
    close: () => db.destroy(),
  };
}

/**
 * Opens the store and applies pending migrations. Throws when the database cannot be opened or
 * migrated: the daemon cannot run without its journal, so this is fatal at start.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const db = await openKysely(options);
  const migrated = await migrateStore(db.withoutPlugins(), options.kind);
  if (!migrated.ok) {
    await db.destroy();
    const { migration, cause } = migrated.error;
    // No failing migration means the database was never reached (connection, permissions, lock).
    const step = migration === undefined ? "cannot reach the store" : `store migration ${migration} failed`;
    throw new Error(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return createStore(db, options.kind);
}

import { type Migration, Migrator, type MigratorProps } from "kysely";
import { createInitialMigration } from "./migrations/001-initial.js";
import { createAlertForStateMigration } from "./migrations/002-alert-for-state.js";
import { createIncidentDetailMigration } from "./migrations/003-incident-detail.js";
import { createDropApprovalsSilencesMigration } from "./migrations/004-drop-approvals-silences.js";
import type { StoreKind } from "./store.js";

export type MigrateStoreResult =
  | { readonly ok: true; readonly applied: readonly string[] }
  | {
      readonly ok: false;
      readonly error: {
        readonly code: "migration_failed";
        readonly migration?: string;
        readonly cause: unknown;
      };
    };

/**
 * Kysely runs Postgres migrations in a transaction but not SQLite's, though SQLite's DDL is
 * transactional too: without this a failed migration leaves half its tables and blocks every restart.
 */
function runInTransaction(migration: Migration): Migration {
  return { up: (db) => db.transaction().execute((trx) => migration.up(trx)) };
}

function listMigrations(kind: StoreKind): Record<string, Migration> {
  const migrations = {
    "001_initial": createInitialMigration(kind),
    "002_alert_for_state": createAlertForStateMigration(),
    "003_incident_detail": createIncidentDetailMigration(),
    "004_drop_approvals_silences": createDropApprovalsSilencesMigration(),
  };
  return kind === "sqlite"
    ? Object.fromEntries(
        Object.entries(migrations).map(([name, migration]) => [name, runInTransaction(migration)]),
      )
    : migrations;
}

/** Applies pending numbered migrations in name order; already applied ones are skipped. */
export async function migrateStore(db: MigratorProps["db"], kind: StoreKind): Promise<MigrateStoreResult> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => listMigrations(kind) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === "Error");
    return {
      ok: false,
      error: {
        code: "migration_failed",
        ...(failed === undefined ? {} : { migration: failed.migrationName }),
        cause: error,
      },
    };
  }
  return { ok: true, applied: results.map((result) => result.migrationName) };
}

import { type Migration, Migrator, type MigratorProps, sql } from "kysely";
import { createInitialMigration } from "./migrations/001-initial.js";
import { createAlertForStateMigration } from "./migrations/002-alert-for-state.js";
import { createIncidentDetailMigration } from "./migrations/003-incident-detail.js";
import { createDropApprovalsSilencesMigration } from "./migrations/004-drop-approvals-silences.js";
import { createNotificationQueueMigration } from "./migrations/005-notification-queue.js";
import { createKnowledgeRowsMigration } from "./migrations/007-knowledge-rows.js";
import { createReportsMigration } from "./migrations/010-reports.js";
import { createCheckpointsMigration } from "./migrations/011-checkpoints.js";
import { createDrillsMigration } from "./migrations/012-drills.js";
import { createLeadershipMigration } from "./migrations/013-leadership.js";
import { createFleetMigration } from "./migrations/014-fleet.js";
import { createIncrementalCheckpointsMigration } from "./migrations/015-incremental-checkpoints.js";
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
    "005_notification_queue": createNotificationQueueMigration(kind),
    "007_knowledge_rows": createKnowledgeRowsMigration(),
    "010_reports": createReportsMigration(),
    "011_checkpoints": createCheckpointsMigration(),
    "012_drills": createDrillsMigration(),
    "013_leadership": createLeadershipMigration(kind),
    "014_fleet": createFleetMigration(),
    "015_incremental_checkpoints": createIncrementalCheckpointsMigration(),
  };
  return kind === "sqlite"
    ? Object.fromEntries(
        Object.entries(migrations).map(([name, migration]) => [name, runInTransaction(migration)]),
      )
    : migrations;
}

/**
 * Kysely looks for its migration tables in every schema of a Postgres database: another store in another
 * schema would pass for ours. Naming the schema the store lives in (the first of its search_path) keeps
 * each to its own. Undefined for SQLite, which has one namespace.
 */
async function findMigrationTableSchema(
  db: MigratorProps["db"],
  kind: StoreKind,
): Promise<string | undefined> {
  if (kind === "sqlite") return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/**
 * Applies pending numbered migrations in name order, through `target` when given (the schema a past release
 * left), else all; already applied ones are skipped.
 */
export async function migrateStore(
  db: MigratorProps["db"],
  kind: StoreKind,
  target?: string,
): Promise<MigrateStoreResult> {
  let migrationTableSchema: string | undefined;
  try {
    migrationTableSchema = await findMigrationTableSchema(db, kind);
  } catch (cause) {
    return { ok: false, error: { code: "migration_failed", cause } };
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => listMigrations(kind) },
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error, results = [] } =
    target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
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

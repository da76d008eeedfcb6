import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateStore } from "./migrate-store.js";
import { createInitialMigration } from "./migrations/001-initial.js";
import { createAlertForStateMigration } from "./migrations/002-alert-for-state.js";
import { createIncidentDetailMigration } from "./migrations/003-incident-detail.js";

/** Every migration of this release, in the order they apply. */
const EVERY_MIGRATION = [
  "001_initial",
  "002_alert_for_state",
  "003_incident_detail",
  "004_drop_approvals_silences",
  "005_notification_queue",
  "007_knowledge_rows",
  "010_reports",
  "011_checkpoints",
  "012_drills",
  "013_leadership",
  "014_fleet",
  "015_incremental_checkpoints",
];

describe("migrateStore", () => {
  const dbs: Kysely<unknown>[] = [];

  function openMemoryDb(): Kysely<unknown> {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) });
    dbs.push(db);
    return db;
  }

  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.destroy();
  });

  /** A database as the release with migrations 001 to 003 left it. */
  async function migrateToRelease003(db: Kysely<unknown>): Promise<void> {
    const previousRelease = {
      "001_initial": createInitialMigration("sqlite"),
      "002_alert_for_state": createAlertForStateMigration(),
      "003_incident_detail": createIncidentDetailMigration(),
    };
    const migrator = new Migrator({ db, provider: { getMigrations: async () => previousRelease } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  }

  it("applies the numbered migrations once and nothing on a second run", async () => {
    const db = openMemoryDb();

    expect(await migrateStore(db, "sqlite")).toEqual({
      ok: true,
      applied: EVERY_MIGRATION,
    });
    expect(await migrateStore(db, "sqlite")).toEqual({ ok: true, applied: [] });
  });

  it("returns the failing migration as a value and leaves none of its tables behind", async () => {
    const db = openMemoryDb();
    // Collides with a table the initial migration creates late, after `events` and `incidents`.
    await sql`create table services (name text primary key)`.execute(db);

    const result = await migrateStore(db, "sqlite");

    expect(result).toMatchObject({
      ok: false,
      error: { code: "migration_failed", migration: "001_initial" },
    });
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      db,
    );
    expect(tables.rows.map((row) => row.name)).not.toContain("events");
  });

  it("succeeds on a retry once the cause of a failed migration is gone", async () => {
    const db = openMemoryDb();
    await sql`create table services (name text primary key)`.execute(db);
    await migrateStore(db, "sqlite");
    await sql`drop table services`.execute(db);

    expect(await migrateStore(db, "sqlite")).toEqual({
      ok: true,
      applied: EVERY_MIGRATION,
    });
  });

  it("upgrades a database of the release before 004: drops approvals and silences, keeps the journal", async () => {
    const db = openMemoryDb();
    await migrateToRelease003(db);
    await sql`insert into events (at, type, payload) values (1, 'SymptomSeen', '{}')`.execute(db);
    await sql`insert into approvals (id, incident_id, requested_at, decision) values ('a', 'i', 1, 'pending')`.execute(
      db,
    );
    await sql`insert into silences (id, matchers, created_by, comment, created_at, expires_at)
      values ('s', '[]', 'alice', '', 1, 2)`.execute(db);

    expect(await migrateStore(db, "sqlite")).toEqual({
      ok: true,
      applied: EVERY_MIGRATION.slice(EVERY_MIGRATION.indexOf("004_drop_approvals_silences")),
    });
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      db,
    );
    expect(tables.rows.map((row) => row.name)).not.toContain("approvals");
    expect(tables.rows.map((row) => row.name)).not.toContain("silences");
    const events = await sql<{ type: string }>`select type from events`.execute(db);
    expect(events.rows).toEqual([{ type: "SymptomSeen" }]);
  });

  it("upgrades knowledge rows of the release before 007: learned, lessons dated at their last use", async () => {
    const db = openMemoryDb();
    await migrateToRelease003(db);
    await sql`insert into knowledge (pattern, platform, scale, solution, tries, successes, last_used_at, lessons)
      values ('uptime_problems', 'exec', 'any', 'service_restart', 3, 2, 50, '["first","second"]')`.execute(
      db,
    );

    expect(await migrateStore(db, "sqlite")).toMatchObject({ ok: true });
    const rows = await sql<Record<string, unknown>>`select * from knowledge`.execute(db);
    expect(rows.rows).toEqual([
      {
        pattern: "uptime_problems",
        solution: "service_restart",
        platform: "exec",
        scale: "any",
        tries: 3,
        successes: 2,
        mean_recovery_ms: null,
        p90_recovery_ms: null,
        recent_recovery_ms: "[]",
        last_outcome: null,
        last_at: 50,
        lessons: JSON.stringify([
          { at: 50, by: "operator", note: "second", incidentId: null },
          { at: 50, by: "operator", note: "first", incidentId: null },
        ]),
        provenance: "learned",
      },
    ]);
  });
});

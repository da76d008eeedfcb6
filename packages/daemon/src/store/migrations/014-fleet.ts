import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * A host's outbox to its central daemon (`upstream_outbox`, one row per journaled step that changed what
 * it forwards, written in that step's transaction), and on a central daemon what each host forwarded,
 * keyed by host, with the last seq applied per host so a resent message is known and skipped.
 */
export function createFleetMigration(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("upstream_outbox")
        .addColumn("seq", "bigint", (col) => col.primaryKey())
        .addColumn("at", "bigint", (col) => col.notNull())
        .addColumn("records", "text", (col) => col.notNull())
        .addColumn("acked_at", "bigint")
        .execute();
      await db.schema
        .createTable("fleet_hosts")
        .addColumn("host", "text", (col) => col.primaryKey())
        .addColumn("last_seq", "bigint", (col) => col.notNull())
        .addColumn("last_seen_at", "bigint", (col) => col.notNull())
        .execute();
      await db.schema
        .createTable("fleet_incidents")
        .addColumn("host", "text", (col) => col.notNull())
        .addColumn("id", "text", (col) => col.notNull())
        .addColumn("state", "text", (col) => col.notNull())
        .addColumn("opened_at", "bigint", (col) => col.notNull())
        .addColumn("detail", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("fleet_incidents_pk", ["host", "id"])
        .execute();
      await db.schema
        .createIndex("fleet_incidents_host_opened_at")
        .on("fleet_incidents")
        .columns(["host", "opened_at", "id"])
        .execute();
      await db.schema
        .createTable("fleet_escalations")
        .addColumn("host", "text", (col) => col.notNull())
        .addColumn("id", "text", (col) => col.notNull())
        .addColumn("at", "bigint", (col) => col.notNull())
        .addColumn("escalation", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("fleet_escalations_pk", ["host", "id"])
        .execute();
      await db.schema
        .createTable("fleet_knowledge")
        .addColumn("host", "text", (col) => col.notNull())
        .addColumn("key", "text", (col) => col.notNull())
        .addColumn("entry", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("fleet_knowledge_pk", ["host", "key"])
        .execute();
      await db.schema
        .createTable("fleet_services")
        .addColumn("host", "text", (col) => col.notNull())
        .addColumn("name", "text", (col) => col.notNull())
        .addColumn("status", "text", (col) => col.notNull())
        .addColumn("service", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("fleet_services_pk", ["host", "name"])
        .execute();
    },
  };
}

import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * Quality-control drills: each kept whole as JSON, written when it starts and again when it ends.
 */
export function createDrillsMigration(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("drills")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("service", "text", (col) => col.notNull())
        .addColumn("started_at", "bigint", (col) => col.notNull())
        .addColumn("outcome", "text", (col) => col.notNull())
        .addColumn("drill", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("drills_started_at").on("drills").column("started_at").execute();
    },
  };
}

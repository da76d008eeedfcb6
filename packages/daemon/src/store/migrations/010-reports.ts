import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * The history of platform domain reports: each kept whole as JSON, listed newest first.
 */
export function createReportsMigration(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("reports")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("name", "text", (col) => col.notNull())
        .addColumn("generated_at", "bigint", (col) => col.notNull())
        .addColumn("report", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("reports_generated_at").on("reports").column("generated_at").execute();
    },
  };
}

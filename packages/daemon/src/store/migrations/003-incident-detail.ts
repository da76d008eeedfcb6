import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * `detail` holds the whole incident as JSON (actions, timeline, phase), so a resolved incident, which the
 * engine no longer keeps in memory, is still served in full; rows from before it are filled in at start.
 * The index serves the newest-first listing and its paging.
 */
export function createIncidentDetailMigration(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable("incidents").addColumn("detail", "text").execute();
      await db.schema
        .createIndex("incidents_opened_at_id")
        .on("incidents")
        .columns(["opened_at", "id"])
        .execute();
    },
  };
}

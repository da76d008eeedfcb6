import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * Engine checkpoints: the engine's state as JSON as of a journal seq, so a start replays only what follows.
 */
export function createCheckpointsMigration(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("checkpoints")
        .addColumn("seq", "bigint", (col) => col.primaryKey())
        .addColumn("at", "bigint", (col) => col.notNull())
        .addColumn("body", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("incidents_resolved_at").on("incidents").column("resolved_at").execute();
    },
  };
}

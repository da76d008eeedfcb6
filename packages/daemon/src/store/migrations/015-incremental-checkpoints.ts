import type { Migration } from "kysely";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * Incremental checkpoints: `base_seq` names the full checkpoint one is taken over; null for a full one.
 */
export function createIncrementalCheckpointsMigration(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable("checkpoints").addColumn("base_seq", "bigint").execute();
    },
  };
}

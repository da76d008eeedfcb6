import { type Kysely, type Migration, sql } from "kysely";
import type { StoreKind } from "../store.js";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * For an HA pair on one Postgres: `leadership`, one row, the epoch each new leader takes (its fencing token)
 * and who took it; every action row records the epoch it was started under and its step on the incident's
 * ladder, unique per incident. Rows from before are epoch 0, their step read off their id (`<incident>.<step>`).
 */
export function createLeadershipMigration(kind: StoreKind): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, independent of today's schema.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("leadership")
        .addColumn("id", "integer", (col) => col.primaryKey())
        .addColumn("epoch", "bigint", (col) => col.notNull())
        .addColumn("node_id", "text", (col) => col.notNull())
        .addColumn("acquired_at", "bigint", (col) => col.notNull())
        .addCheckConstraint("leadership_one_row", sql`id = 1`)
        .execute();
      await db.insertInto("leadership").values({ id: 1, epoch: 0, node_id: "", acquired_at: 0 }).execute();

      await db.schema
        .alterTable("actions")
        .addColumn("epoch", "bigint", (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable("actions").addColumn("step", "integer").execute();
      const suffix = sql`substr(id, length(incident_id) + 2)`;
      const isStepId =
        kind === "sqlite"
          ? sql`${suffix} <> '' and ${suffix} not glob '*[^0-9]*'`
          : sql`${suffix} ~ '^[0-9]+$'`;
      await sql`update actions set step = cast(${suffix} as integer)
        where substr(id, 1, length(incident_id) + 1) = incident_id || '.' and ${isStepId}`.execute(db);
      await db.schema
        .createIndex("actions_incident_step")
        .on("actions")
        .columns(["incident_id", "step"])
        .unique()
        .execute();
    },
  };
}

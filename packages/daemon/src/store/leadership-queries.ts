import { type Kysely, sql } from "kysely";
import type { StoreKind, StoreQueries } from "./store.js";
import type { StoreSchema } from "./store-schema.js";

export type LeadershipQueries = Pick<StoreQueries, "takeLeadership" | "readLeadership" | "holdsEpoch">;

/** The `leadership` row: the fencing token of an HA pair's leader. */
export function createLeadershipQueries(db: Kysely<StoreSchema>, kind: StoreKind): LeadershipQueries {
  return {
    async takeLeadership(nodeId, at) {
      const row = await db
        .updateTable("leadership")
        .set((eb) => ({ epoch: eb("epoch", "+", 1), nodeId, acquiredAt: at }))
        .where("id", "=", 1)
        .returning("epoch")
        .executeTakeFirstOrThrow();
      return row.epoch;
    },

    async readLeadership() {
      return db
        .selectFrom("leadership")
        .select(["epoch", "nodeId", "acquiredAt"])
        .where("id", "=", 1)
        .executeTakeFirstOrThrow();
    },

    async holdsEpoch(epoch) {
      // SQLite has no row locks, nor a second daemon on one store: its writer holds the whole database.
      const locked = kind === "postgres" ? sql`for share` : sql``;
      const { rows } = await sql<{ epoch: number }>`select epoch from ${sql.table("leadership")}
        where id = 1 ${locked}`.execute(db);
      return Number(rows[0]?.epoch) === epoch;
    },
  };
}

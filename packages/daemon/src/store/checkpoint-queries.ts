import { type Kysely, sql } from "kysely";
import type { StoreQueries } from "./store.js";
import type { StoreSchema } from "./store-schema.js";

type CheckpointQueries = Pick<
  StoreQueries,
  | "saveCheckpoint"
  | "listCheckpoints"
  | "readCheckpoint"
  | "deleteEventsThrough"
  | "deleteIncidentsResolvedBefore"
>;

/** Engine checkpoints and what retention deletes behind them, over `db`, which may be a transaction. */
export function createCheckpointQueries(db: Kysely<StoreSchema>): CheckpointQueries {
  return {
    async saveCheckpoint(checkpoint, keep) {
      await db
        .insertInto("checkpoints")
        .values(checkpoint)
        .onConflict((conflict) =>
          conflict
            .column("seq")
            .doUpdateSet({ at: checkpoint.at, body: checkpoint.body, baseSeq: checkpoint.baseSeq }),
        )
        .execute();
      await db
        .deleteFrom("checkpoints")
        .where("baseSeq", "is not", null)
        .where("seq", "!=", checkpoint.seq)
        .execute();
      if (checkpoint.baseSeq !== null) return;
      const kept = db
        .selectFrom("checkpoints")
        .select("seq")
        .where("baseSeq", "is", null)
        .orderBy("seq", "desc")
        .limit(keep);
      await db.deleteFrom("checkpoints").where("baseSeq", "is", null).where("seq", "not in", kept).execute();
    },

    async listCheckpoints() {
      const rows = await db
        .selectFrom("checkpoints")
        // Not length(): SQLite reads a whole text value to count its characters, megabytes at each start.
        .select(["seq", "at", "baseSeq", sql<number>`octet_length(body)`.as("bytes")])
        .orderBy("seq", "desc")
        .execute();
      return rows.map((row) => ({ ...row, bytes: Number(row.bytes) }));
    },

    readCheckpoint(seq) {
      return db.selectFrom("checkpoints").selectAll().where("seq", "=", seq).executeTakeFirst();
    },

    async deleteEventsThrough(throughSeq, before) {
      const result = await db
        .deleteFrom("events")
        .where("seq", "<=", throughSeq)
        .where("at", "<", before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteIncidentsResolvedBefore(before) {
      const expired = db
        .selectFrom("incidents")
        .select("id")
        .where("state", "=", "resolved")
        .where("resolvedAt", "<", before);
      await db.deleteFrom("actions").where("incidentId", "in", expired).execute();
      await db.deleteFrom("escalations").where("incidentId", "in", expired).execute();
      const result = await db
        .deleteFrom("incidents")
        .where("state", "=", "resolved")
        .where("resolvedAt", "<", before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

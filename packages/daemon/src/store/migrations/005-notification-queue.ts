import { type Migration, sql } from "kysely";
import type { StoreKind } from "../store.js";

/**
 * Frozen in time: never edit after release, add a new numbered migration instead.
 * One row per notification per receiver, written in the transaction that journals the step it tells of,
 * and kept after delivery or giving up, for the status and for audit. `id` orders each receiver's queue.
 */
export function createNotificationQueueMigration(kind: StoreKind): Migration {
  return {
    async up(db) {
      const table = db.schema.createTable("notification_queue");
      await (kind === "sqlite"
        ? table.addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
        : table.addColumn("id", "bigserial", (col) => col.primaryKey())
      )
        .addColumn("receiver", "text", (col) => col.notNull())
        .addColumn("notification_id", "text", (col) => col.notNull())
        .addColumn("kind", "text", (col) => col.notNull())
        .addColumn("incident_id", "text", (col) => col.notNull())
        .addColumn("payload", "text", (col) => col.notNull())
        .addColumn("created_at", "bigint", (col) => col.notNull())
        .addColumn("state", "text", (col) => col.notNull())
        .addColumn("attempts", "integer", (col) => col.notNull())
        .addColumn("next_attempt_at", "bigint", (col) => col.notNull())
        .addColumn("last_error", "text")
        .addColumn("last_error_at", "bigint")
        .addColumn("delivered_at", "bigint")
        .addUniqueConstraint("notification_queue_receiver_notification", ["receiver", "notification_id"])
        .addCheckConstraint(
          "notification_queue_state_check",
          sql`state in ('pending', 'delivered', 'failed')`,
        )
        .execute();
      await db.schema
        .createIndex("notification_queue_receiver_state_id")
        .on("notification_queue")
        .columns(["receiver", "state", "id"])
        .execute();
    },
  };
}

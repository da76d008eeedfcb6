import type { NotificationKind } from "@orbt/core";
import type { Kysely, Selectable } from "kysely";
import type { JsonValue, NotificationRecord, NotificationState, StoreQueries } from "./store.js";
import type { StoreSchema } from "./store-schema.js";

type NotificationQueueQueries = Pick<
  StoreQueries,
  | "enqueueNotifications"
  | "nextPendingNotification"
  | "recordNotificationAttempt"
  | "countPendingNotifications"
  | "summarizeNotificationQueues"
  | "failPendingNotificationsExcept"
>;

function toNotification(row: Selectable<StoreSchema["notificationQueue"]>): NotificationRecord {
  return {
    ...row,
    kind: row.kind as NotificationKind,
    state: row.state as NotificationState,
    payload: JSON.parse(row.payload) as JsonValue,
  };
}

/** The per-receiver notification queues, over `db`, which may be a transaction. */
export function createNotificationQueueQueries(db: Kysely<StoreSchema>): NotificationQueueQueries {
  return {
    async enqueueNotifications(notifications) {
      if (notifications.length === 0) return;
      await db
        .insertInto("notificationQueue")
        .values(
          notifications.map((notification) => ({
            ...notification,
            payload: JSON.stringify(notification.payload),
            state: "pending",
            attempts: 0,
            nextAttemptAt: notification.createdAt,
            lastError: null,
            lastErrorAt: null,
            deliveredAt: null,
          })),
        )
        .execute();
    },

    async nextPendingNotification(receiver) {
      const row = await db
        .selectFrom("notificationQueue")
        .selectAll()
        .where("receiver", "=", receiver)
        .where("state", "=", "pending")
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : toNotification(row);
    },

    async recordNotificationAttempt({ id, at, state, attempts, nextAttemptAt, error }) {
      await db
        .updateTable("notificationQueue")
        .set({
          state,
          attempts,
          nextAttemptAt,
          ...(error === null ? { deliveredAt: at } : { lastError: error, lastErrorAt: at }),
        })
        .where("id", "=", id)
        .execute();
    },

    async countPendingNotifications(receiver) {
      const row = await db
        .selectFrom("notificationQueue")
        .select((eb) => eb.fn.countAll<number>().as("pending"))
        .where("receiver", "=", receiver)
        .where("state", "=", "pending")
        .executeTakeFirstOrThrow();
      return Number(row.pending);
    },

    async summarizeNotificationQueues() {
      const rows = await db
        .selectFrom("notificationQueue")
        .select((eb) => [
          "receiver",
          eb.fn.countAll<number>().filterWhere("state", "=", "pending").as("pending"),
          eb.fn.countAll<number>().filterWhere("state", "=", "delivered").as("delivered"),
          eb.fn.countAll<number>().filterWhere("state", "=", "failed").as("failed"),
          eb.fn.max("deliveredAt").as("lastDeliveredAt"),
          eb.fn.max("lastErrorAt").as("lastErrorAt"),
        ])
        .groupBy("receiver")
        .orderBy("receiver")
        .execute();
      return Promise.all(
        rows.map(async (row) => {
          const lastErrorAt = row.lastErrorAt === null ? null : Number(row.lastErrorAt);
          const errored =
            lastErrorAt === null
              ? undefined
              : await db
                  .selectFrom("notificationQueue")
                  .select("lastError")
                  .where("receiver", "=", row.receiver)
                  .where("lastErrorAt", "=", lastErrorAt)
                  .orderBy("id", "desc")
                  .limit(1)
                  .executeTakeFirst();
          return {
            receiver: row.receiver,
            pending: Number(row.pending),
            delivered: Number(row.delivered),
            failed: Number(row.failed),
            lastDeliveredAt: row.lastDeliveredAt === null ? null : Number(row.lastDeliveredAt),
            lastError: errored?.lastError ?? null,
            lastErrorAt,
          };
        }),
      );
    },

    async failPendingNotificationsExcept(receivers, error, at) {
      let query = db
        .updateTable("notificationQueue")
        .set({ state: "failed", lastError: error, lastErrorAt: at })
        .where("state", "=", "pending");
      if (receivers.length > 0) query = query.where("receiver", "not in", receivers);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

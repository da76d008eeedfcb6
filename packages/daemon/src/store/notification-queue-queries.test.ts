import { expect, it } from "vitest";
import { DIALECTS, describeDialect, useDialectFixtures } from "../../test/support/store-dialects.js";
import { openStore } from "./open-store.js";
import type { NotificationInput, Store } from "./store.js";

const T0 = 1_764_140_000_000;

function queued(receiver: string, notificationId: string, createdAt = T0): NotificationInput {
  return {
    receiver,
    notificationId,
    kind: "opened",
    incidentId: "inc-1",
    payload: { id: notificationId, summary: "web: incident inc-1 opened" },
    createdAt,
  };
}

for (const dialect of DIALECTS) {
  describeDialect("notification queue", dialect, () => {
    const { createFixture, defer } = useDialectFixtures(dialect);

    async function openFresh(): Promise<Store> {
      const store = await openStore((await createFixture()).options);
      defer(() => store.close());
      return store;
    }

    it("hands out each receiver's oldest pending notification, due at once", async () => {
      const store = await openFresh();
      await store.transaction((tx) =>
        tx.enqueueNotifications([
          queued("pager", "1-0"),
          queued("chat", "1-0"),
          queued("pager", "2-0", T0 + 5),
        ]),
      );
      const first = await store.nextPendingNotification("pager");
      expect(first).toMatchObject({
        receiver: "pager",
        notificationId: "1-0",
        kind: "opened",
        state: "pending",
        attempts: 0,
        nextAttemptAt: T0,
        lastError: null,
        deliveredAt: null,
        payload: { id: "1-0", summary: "web: incident inc-1 opened" },
      });
      expect(await store.countPendingNotifications("pager")).toBe(2);

      await store.recordNotificationAttempt({
        id: first!.id,
        at: T0 + 10,
        state: "pending",
        attempts: 1,
        nextAttemptAt: T0 + 1_010,
        error: "HTTP 500",
      });
      expect(await store.nextPendingNotification("pager")).toMatchObject({
        notificationId: "1-0",
        attempts: 1,
        nextAttemptAt: T0 + 1_010,
        lastError: "HTTP 500",
        lastErrorAt: T0 + 10,
      });
      await store.recordNotificationAttempt({
        id: first!.id,
        at: T0 + 1_020,
        state: "delivered",
        attempts: 2,
        nextAttemptAt: T0 + 1_010,
        error: null,
      });
      expect(await store.nextPendingNotification("pager")).toMatchObject({ notificationId: "2-0" });
      expect(await store.countPendingNotifications("pager")).toBe(1);
      expect(await store.nextPendingNotification("mail")).toBeUndefined();
    });

    it("refuses the same notification twice for one receiver", async () => {
      const store = await openFresh();
      await store.enqueueNotifications([queued("pager", "1-0")]);
      await expect(store.enqueueNotifications([queued("pager", "1-0")])).rejects.toThrow();
    });

    it("sums each receiver's queue with its last delivery and its last error", async () => {
      const store = await openFresh();
      await store.enqueueNotifications([
        queued("chat", "1-0"),
        queued("pager", "1-0"),
        queued("pager", "2-0"),
        queued("pager", "3-0"),
      ]);
      const attempt = async (
        receiver: string,
        at: number,
        state: "delivered" | "failed" | "pending",
        error: string | null,
      ) => {
        const next = await store.nextPendingNotification(receiver);
        await store.recordNotificationAttempt({
          id: next!.id,
          at,
          state,
          attempts: 1,
          nextAttemptAt: at,
          error,
        });
      };
      await attempt("pager", T0 + 1, "failed", "HTTP 400");
      await attempt("pager", T0 + 2, "delivered", null);
      await attempt("pager", T0 + 3, "pending", "HTTP 503");
      expect(await store.summarizeNotificationQueues()).toEqual([
        {
          receiver: "chat",
          pending: 1,
          delivered: 0,
          failed: 0,
          lastDeliveredAt: null,
          lastError: null,
          lastErrorAt: null,
        },
        {
          receiver: "pager",
          pending: 1,
          delivered: 1,
          failed: 1,
          lastDeliveredAt: T0 + 2,
          lastError: "HTTP 503",
          lastErrorAt: T0 + 3,
        },
      ]);
    });

    it("gives up what is pending for receivers no longer configured", async () => {
      const store = await openFresh();
      await store.enqueueNotifications([queued("gone", "1-0"), queued("gone", "2-0"), queued("chat", "1-0")]);
      expect(
        await store.failPendingNotificationsExcept(["chat"], "receiver no longer configured", T0 + 9),
      ).toBe(2);
      expect(await store.nextPendingNotification("gone")).toBeUndefined();
      expect(await store.nextPendingNotification("chat")).toBeDefined();
      expect((await store.summarizeNotificationQueues())[1]).toMatchObject({
        receiver: "gone",
        failed: 2,
        lastError: "receiver no longer configured",
      });
    });

    it("keeps a delivered escalation delivered when another receiver fails it", async () => {
      const store = await openFresh();
      await store.insertEscalations([
        {
          id: "inc-1.esc",
          incidentId: "inc-1",
          at: T0,
          reason: "strikes_exhausted",
          urgency: "high",
          report: {},
        },
      ]);
      await store.markEscalationDelivered("inc-1.esc");
      await store.markEscalationFailed("inc-1.esc", "HTTP 500");
      expect((await store.listEscalations())[0]).toMatchObject({ delivered: true, deliveryError: null });
    });
  });
}

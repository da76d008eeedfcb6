import { Notification, type NotifyReceiverView, ReportNotification } from "@orbt/core";
import * as z from "zod";
import type { NotifyConfig, ReceiverConfig } from "../config/notify-config.js";
import type { Logger } from "../create-logger.js";
import type { DaemonMetrics } from "../daemon-metrics.js";
import type { NotificationInput, NotificationRecord, Store, StoreQueries } from "../store/store.js";
import type { DeliveryOutcome } from "./delivery-outcome.js";
import type { QueuedNotification, QueuedReport } from "./queued-notification.js";
import { sendNotification, sendReport } from "./receiver-kinds.js";
import { type AfterAttempt, afterAttempt } from "./retry-policy.js";
import { routeNotification } from "./route-notification.js";

export type NotificationDeliveryOptions = {
  readonly store: Store;
  readonly notify: NotifyConfig;
  readonly metrics: DaemonMetrics;
  readonly log: Logger;
  readonly clock?: () => number;
};

/** How long a receiver waits to try again after its queue could not be read (a store error). */
const STORE_RETRY_MS = 5_000;

const StoredNotification = Notification.extend({ id: z.string() });
const StoredReport = ReportNotification.extend({ id: z.string() });

/** One receiver's delivery loop: at most one drain at a time, and the timer of its next retry. */
type Pump = { running: Promise<void> | undefined; isWanted: boolean; timer: NodeJS.Timeout | undefined };

const OUTCOME_LABELS: Readonly<Record<AfterAttempt["kind"], string>> = {
  delivered: "delivered",
  retry: "retrying",
  failed: "failed",
};

/**
 * Delivers queued notifications off the engine's path: the runtime queues them in the transaction that
 * journals their step, and this delivers each receiver's queue in order, one attempt at a time, with
 * retries and backoff kept in the store, so a restart goes on where the last run stopped. A failing
 * receiver holds up its own queue only.
 */
export class NotificationDelivery {
  readonly #receivers: ReadonlyMap<string, ReceiverConfig>;
  readonly #pumps = new Map<string, Pump>();
  readonly #stopping = new AbortController();
  readonly #clock: () => number;

  constructor(private readonly options: NotificationDeliveryOptions) {
    this.#clock = options.clock ?? Date.now;
    this.#receivers = new Map(options.notify.receivers.map((receiver) => [receiver.name, receiver]));
    for (const name of this.#receivers.keys()) {
      this.#pumps.set(name, { running: undefined, isWanted: false, timer: undefined });
      options.metrics.notifyQueueDepth.set({ receiver: name }, 0);
      for (const outcome of Object.values(OUTCOME_LABELS)) {
        options.metrics.notifyDeliveries.inc({ receiver: name, outcome }, 0);
      }
    }
  }

  /** Gives up what a previous run queued for receivers no longer configured, then delivers the rest. */
  async start(): Promise<void> {
    const { store, log } = this.options;
    const names = [...this.#receivers.keys()];
    const givenUp = await store.failPendingNotificationsExcept(
      names,
      "receiver no longer configured",
      this.#clock(),
    );
    if (givenUp > 0) log.warn({ count: givenUp }, "notifications of receivers no longer configured given up");
    this.wake();
  }

  /**
   * Queues a step's notifications for the receivers their routes name, within the transaction `tx` that
   * journals the step as `seq`: a notification is queued exactly when its step is committed.
   */
  async enqueue(tx: StoreQueries, notifications: readonly Notification[], seq: number): Promise<void> {
    const rows: NotificationInput[] = notifications.flatMap((notification, index) => {
      const queued: QueuedNotification = { id: `${seq}-${index}`, ...notification };
      return routeNotification(this.options.notify.routes, notification).map((receiver) => ({
        receiver,
        notificationId: queued.id,
        kind: notification.kind,
        incidentId: notification.incidentId,
        payload: queued,
        createdAt: notification.at,
      }));
    });
    await tx.enqueueNotifications(rows);
  }

  /** Queues a domain report for the named receivers, and starts delivering it. */
  async enqueueReport(report: ReportNotification, receivers: readonly string[]): Promise<void> {
    if (receivers.length === 0) return;
    const queued: QueuedReport = { id: `report-${report.report.id}`, ...report };
    await this.options.store.enqueueNotifications(
      receivers.map((receiver) => ({
        receiver,
        notificationId: queued.id,
        kind: "report",
        incidentId: report.report.id,
        payload: queued,
        createdAt: report.at,
      })),
    );
    this.wake();
  }

  /** Starts delivering whatever is due; call after the transaction that queued it has committed. */
  wake(): void {
    for (const name of this.#pumps.keys()) this.#pump(name);
  }

  /** Stops delivering: an attempt under way is abandoned, its notification stays queued for the next start. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    for (const pump of this.#pumps.values()) clearTimeout(pump.timer);
    await Promise.all([...this.#pumps.values()].map((pump) => pump.running));
  }

  /** Every configured receiver, in config order, with its queue and its last delivery and error. */
  async status(): Promise<NotifyReceiverView[]> {
    const summaries = new Map(
      (await this.options.store.summarizeNotificationQueues()).map((summary) => [summary.receiver, summary]),
    );
    return [...this.#receivers.values()].map(({ name, target }) => {
      const summary = summaries.get(name);
      const lastErrorAt = summary?.lastErrorAt ?? null;
      const lastDeliveredAt = summary?.lastDeliveredAt ?? null;
      return {
        name,
        kind: target.kind,
        queueDepth: summary?.pending ?? 0,
        delivered: summary?.delivered ?? 0,
        failed: summary?.failed ?? 0,
        lastDeliveredAt,
        lastError: summary?.lastError ?? null,
        lastErrorAt,
        isFailing: lastErrorAt !== null && (lastDeliveredAt === null || lastErrorAt > lastDeliveredAt),
      };
    });
  }

  #pump(name: string): void {
    const pump = this.#pumps.get(name);
    if (pump === undefined || this.#stopping.signal.aborted) return;
    if (pump.running !== undefined) {
      pump.isWanted = true;
      return;
    }
    clearTimeout(pump.timer);
    pump.timer = undefined;
    pump.running = this.#drain(name)
      .catch((err: unknown) => {
        this.options.log.error({ err, receiver: name }, "notification queue not read; trying again");
        this.#schedule(name, this.#clock() + STORE_RETRY_MS);
      })
      .finally(() => {
        pump.running = undefined;
        if (pump.isWanted) {
          pump.isWanted = false;
          this.#pump(name);
        }
      });
  }

  #schedule(name: string, at: number): void {
    const pump = this.#pumps.get(name);
    if (pump === undefined || this.#stopping.signal.aborted) return;
    clearTimeout(pump.timer);
    pump.timer = setTimeout(() => this.#pump(name), Math.max(0, at - this.#clock()));
  }

  async #drain(name: string): Promise<void> {
    const { store, metrics } = this.options;
    const receiver = this.#receivers.get(name)!;
    for (;;) {
      if (this.#stopping.signal.aborted) return;
      const next = await store.nextPendingNotification(name);
      metrics.notifyQueueDepth.set({ receiver: name }, await store.countPendingNotifications(name));
      if (next === undefined) return;
      if (next.nextAttemptAt > this.#clock()) {
        this.#schedule(name, next.nextAttemptAt);
        return;
      }
      await this.#attempt(receiver, next);
    }
  }

  async #attempt(receiver: ReceiverConfig, row: NotificationRecord): Promise<void> {
    const { store, metrics, log, notify } = this.options;
    const options = { timeoutMs: notify.timeoutMs, signal: this.#stopping.signal };
    const parsed =
      row.kind === "report" ? StoredReport.safeParse(row.payload) : StoredNotification.safeParse(row.payload);
    const outcome: DeliveryOutcome = !parsed.success
      ? {
          kind: "failure",
          error: { code: "encoding", message: `stored notification: ${parsed.error.message}` },
        }
      : parsed.data.kind === "report"
        ? await sendReport(receiver.target, parsed.data, options)
        : await sendNotification(receiver.target, parsed.data, options);
    // Abandoned by a stop: not an attempt that counts; the next start makes it again.
    if (this.#stopping.signal.aborted) return;
    const now = this.#clock();
    const attempts = row.attempts + 1;
    const next = afterAttempt(notify.retry, outcome, attempts, now);
    const error = outcome.kind === "success" ? null : outcome.error.message;
    const escalationId = parsed.success && parsed.data.kind === "escalated" ? parsed.data.escalationId : null;
    await store.transaction(async (tx) => {
      await tx.recordNotificationAttempt({
        id: row.id,
        at: now,
        state: next.kind === "retry" ? "pending" : next.kind,
        attempts,
        nextAttemptAt: next.kind === "retry" ? next.at : row.nextAttemptAt,
        error,
      });
      if (escalationId === null) return;
      if (error === null) await tx.markEscalationDelivered(escalationId);
      else await tx.markEscalationFailed(escalationId, error);
    });
    metrics.notifyDeliveries.inc({ receiver: receiver.name, outcome: OUTCOME_LABELS[next.kind] });
    const fields = { receiver: receiver.name, notification: row.notificationId, kind: row.kind, attempts };
    if (next.kind === "delivered") log.info(fields, "notification delivered");
    else if (next.kind === "retry")
      log.warn({ ...fields, err: error, retryAt: next.at }, "notification not delivered; will retry");
    else log.error({ ...fields, err: error }, "notification not delivered; given up");
  }
}

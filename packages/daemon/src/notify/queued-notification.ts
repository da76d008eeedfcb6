import type { Notification, ReportNotification } from "@orbt/core";

/**
 * A notification as receivers get it: with the id it is queued under, the same for every receiver, so
 * one that gets it twice (a retry after a crash) can tell.
 */
export type QueuedNotification = Notification & { readonly id: string };

/** A report as receivers get it, with the id it is queued under. */
export type QueuedReport = ReportNotification & { readonly id: string };

import type { NotificationKind } from "@orbt/core";

/** How a chat message, a page or an e-mail subject names what happened. */
export const NOTIFICATION_TITLES: Readonly<Record<NotificationKind, string>> = {
  opened: "Incident opened",
  action_taken: "Action taken",
  awaiting_approval: "Awaiting approval",
  escalated: "Escalated",
  resolved: "Resolved",
};

import type { Notification, NotificationKind, UrgencyLevel } from "@orbt/core";

/** The notification fields a route matches on. */
export type MatchField = "service" | "pattern" | "urgency";

export type NotifyRoute = {
  /** Each field set must equal the notification's. */
  readonly match: Readonly<{ service?: string; pattern?: string; urgency?: UrgencyLevel }>;
  /** Each field set must match the notification's whole value. */
  readonly matchRe: Readonly<Partial<Record<MatchField, RegExp>>>;
  readonly events: readonly NotificationKind[];
  readonly receivers: readonly string[];
};

function matches(route: NotifyRoute, notification: Notification): boolean {
  if (!route.events.includes(notification.kind)) return false;
  const fields: readonly MatchField[] = ["service", "pattern", "urgency"];
  return fields.every((field) => {
    const equal = route.match[field];
    const pattern = route.matchRe[field];
    return (
      (equal === undefined || equal === notification[field]) && (pattern?.test(notification[field]) ?? true)
    );
  });
}

/** Every receiver some matching route names, once each, in the order the routes name them. */
export function routeNotification(routes: readonly NotifyRoute[], notification: Notification): string[] {
  const receivers = new Set<string>();
  for (const route of routes) {
    if (!matches(route, notification)) continue;
    for (const receiver of route.receivers) receivers.add(receiver);
  }
  return [...receivers];
}

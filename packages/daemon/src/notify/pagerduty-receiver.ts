import type { NotificationKind, UrgencyLevel } from "@orbt/core";
import * as z from "zod";
import { expecting, httpUrl } from "../config/field-schemas.js";
import { postJson } from "./post-json.js";
import type { QueuedNotification } from "./queued-notification.js";
import type { ReceiverKind } from "./receiver-kind.js";

const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

export type PagerDutyTarget = {
  readonly kind: "pagerduty";
  readonly routingKey: string;
  readonly url: string;
};

type EventAction = "trigger" | "acknowledge" | "resolve";
type Severity = "critical" | "error" | "warning" | "info";

/** An Events API v2 event. `payload` is for triggers only; all of one incident share its `dedup_key`. */
export type PagerDutyEvent = {
  readonly routing_key: string;
  readonly event_action: EventAction;
  readonly dedup_key: string;
  readonly client?: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: Severity;
    readonly timestamp: string;
    readonly component: string;
    readonly group: string;
    readonly class: string;
    readonly custom_details: Readonly<Record<string, unknown>>;
  };
};

/**
 * Orbt acting on an incident acknowledges its alert; what needs a person triggers it, and the incident's
 * end resolves it. PagerDuty keeps an acknowledged alert acknowledged when a later trigger comes.
 */
const EVENT_ACTIONS: Readonly<Record<NotificationKind, EventAction>> = {
  opened: "trigger",
  action_taken: "acknowledge",
  awaiting_approval: "trigger",
  escalated: "trigger",
  resolved: "resolve",
};

const SEVERITIES: Readonly<Record<UrgencyLevel, Severity>> = {
  critical: "critical",
  high: "error",
  medium: "warning",
  low: "info",
};

const SUMMARY_MAX = 1024;

function encodePagerDutyEvent(notification: QueuedNotification, target: PagerDutyTarget): PagerDutyEvent {
  const action = EVENT_ACTIONS[notification.kind];
  const event = { routing_key: target.routingKey, event_action: action, dedup_key: notification.incidentId };
  if (action !== "trigger") return event;
  return {
    ...event,
    client: "Orbt",
    payload: {
      summary: notification.summary.slice(0, SUMMARY_MAX),
      source: notification.service,
      severity: SEVERITIES[notification.urgency],
      timestamp: new Date(notification.at).toISOString(),
      component: notification.service,
      group: notification.project,
      class: notification.pattern,
      custom_details: {
        notification: notification.kind,
        incident_id: notification.incidentId,
        environment: notification.environment,
        symptom: notification.symptom,
        urgency: notification.urgency,
        strike: notification.strike,
        opened_at: new Date(notification.openedAt).toISOString(),
        ...(notification.reason === null ? {} : { reason: notification.reason }),
        ...(notification.report === null
          ? {}
          : {
              business_impact: notification.report.business_impact,
              recommendations: notification.report.recommendations,
            }),
      },
    },
  };
}

const settings = z
  .strictObject({
    routing_key: z
      .string(expecting("an integration key"))
      .min(1, expecting("an integration key"))
      .describe("The integration key."),
    url: httpUrl.default(PAGERDUTY_EVENTS_URL).describe("The Events API endpoint."),
  })
  .transform((raw): PagerDutyTarget => ({ kind: "pagerduty", routingKey: raw.routing_key, url: raw.url }))
  .describe("PagerDuty Events API v2; dedup_key is the incident id.");

/** PagerDuty's Events API v2: trigger, acknowledge and resolve one alert per incident. */
export const pagerDutyReceiver: ReceiverKind<PagerDutyTarget, PagerDutyEvent> = {
  settings,
  encode: encodePagerDutyEvent,
  reports: null,
  send: (message, target, options) =>
    postJson(target.url, message, { timeoutMs: options.timeoutMs, signal: options.signal }),
};

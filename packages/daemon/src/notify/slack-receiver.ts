import * as z from "zod";
import { httpUrl } from "../config/field-schemas.js";
import { NOTIFICATION_TITLES } from "./notification-title.js";
import { postJson } from "./post-json.js";
import type { QueuedNotification, QueuedReport } from "./queued-notification.js";
import type { ReceiverKind } from "./receiver-kind.js";

export type SlackTarget = { readonly kind: "slack"; readonly url: string };

type TextObject = { readonly type: "plain_text" | "mrkdwn"; readonly text: string };

type SlackBlock =
  | { readonly type: "header"; readonly text: TextObject }
  | { readonly type: "section"; readonly text?: TextObject; readonly fields?: readonly TextObject[] }
  | { readonly type: "context"; readonly elements: readonly TextObject[] };

/** An incoming webhook's message: `text` is what notifications and clients without blocks show. */
export type SlackMessage = { readonly text: string; readonly blocks: readonly SlackBlock[] };

// Block Kit's limits: a header's text, a section's text, one field.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack reads `&`, `<` and `>` as markup in mrkdwn; escaped, they show as themselves. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function mrkdwn(text: string, max: number): TextObject {
  return { type: "mrkdwn", text: truncate(text, max) };
}

function field(label: string, value: string): TextObject {
  return mrkdwn(`*${label}*\n${escapeMrkdwn(value)}`, FIELD_MAX);
}

function fieldsOf(notification: QueuedNotification): TextObject[] {
  const fields = [
    field("Service", notification.service),
    field("Incident", `${notification.incidentId} (strike ${notification.strike})`),
    field("Pattern", notification.pattern),
    field("Symptom", notification.symptom),
    field("Urgency", notification.urgency),
  ];
  if (notification.solution !== null) fields.push(field("Solution", notification.solution));
  if (notification.dprId !== null) fields.push(field("DPR id", notification.dprId));
  if (notification.reason !== null) fields.push(field("Reason", notification.reason));
  if (notification.resolution !== null) fields.push(field("Resolution", notification.resolution));
  return fields;
}

/** The handoff of an escalation: its impact and what to try, where a human reads first. */
function reportSection(notification: QueuedNotification): SlackBlock[] {
  const report = notification.report;
  if (report === null) return [];
  const recommendations = report.recommendations.map((line) => `• ${escapeMrkdwn(line)}`).join("\n");
  const text = `*Impact*\n${escapeMrkdwn(report.business_impact.summary)}\n*Recommendations*\n${recommendations}`;
  return [{ type: "section", text: mrkdwn(text, SECTION_MAX) }];
}

function encodeSlackMessage(notification: QueuedNotification): SlackMessage {
  const title = `${NOTIFICATION_TITLES[notification.kind]}: ${notification.service} ${notification.incidentId}`;
  const context = `${notification.project} (${notification.environment}) · ${new Date(notification.at).toISOString()}`;
  return {
    text: notification.summary,
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(title, HEADER_MAX) } },
      { type: "section", text: mrkdwn(escapeMrkdwn(notification.summary), SECTION_MAX) },
      { type: "section", fields: fieldsOf(notification) },
      ...reportSection(notification),
      { type: "context", elements: [mrkdwn(escapeMrkdwn(context), FIELD_MAX)] },
    ],
  };
}

/** A report's Markdown in one section (Slack's mrkdwn reads its tables as text), under its summary. */
function encodeSlackReport(report: QueuedReport): SlackMessage {
  return {
    text: report.summary,
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(report.summary, HEADER_MAX) } },
      { type: "section", text: mrkdwn(escapeMrkdwn(report.markdown), SECTION_MAX) },
    ],
  };
}

const settings = z
  .strictObject({ url: httpUrl.describe("The incoming webhook's URL.") })
  .transform((raw): SlackTarget => ({ kind: "slack", url: raw.url }))
  .describe("A Slack incoming webhook.");

/** A Slack incoming webhook: a Block Kit message per notification. */
export const slackReceiver: ReceiverKind<SlackTarget, SlackMessage> = {
  settings,
  encode: encodeSlackMessage,
  reports: { encode: encodeSlackReport },
  send: (message, target, options) =>
    postJson(target.url, message, { timeoutMs: options.timeoutMs, signal: options.signal }),
};

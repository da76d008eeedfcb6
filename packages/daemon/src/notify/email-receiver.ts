import * as z from "zod";
import { expecting, parsedText } from "../config/field-schemas.js";
import { NOTIFICATION_TITLES } from "./notification-title.js";
import type { QueuedNotification, QueuedReport } from "./queued-notification.js";
import type { ReceiverKind } from "./receiver-kind.js";
import { type MailMessage, sendMail } from "./send-mail.js";

export type EmailTarget = {
  readonly kind: "email";
  readonly smtp: string;
  readonly from: string;
  readonly to: readonly string[];
};

const smtpUrl = parsedText("an smtp:// or smtps:// URL", (text) => {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const isSmtp = url?.protocol === "smtp:" || url?.protocol === "smtps:";
  return isSmtp && url.hostname !== "" ? text : undefined;
});

/** `oncall@example.org`, or with a display name, `Orbt <orbt@example.org>`. */
const mailbox = z
  .string(expecting("an e-mail address"))
  .regex(/^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, expecting("an e-mail address"));

const settings = z
  .strictObject({
    smtp: smtpUrl.describe("`smtp://[user:password@]host[:port]`, or `smtps://` for TLS from the start."),
    from: mailbox.describe("Sender address."),
    to: z.array(mailbox).min(1, expecting("at least one address")).describe("Recipient addresses."),
  })
  .transform((raw): EmailTarget => ({ kind: "email", smtp: raw.smtp, from: raw.from, to: raw.to }))
  .describe("E-mail over SMTP.");

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function encodeMail(notification: QueuedNotification, target: EmailTarget): MailMessage {
  const lines = [
    notification.summary,
    "",
    `Incident:    ${notification.incidentId} (strike ${notification.strike})`,
    `Service:     ${notification.service}`,
    `Pattern:     ${notification.pattern}`,
    `Symptom:     ${notification.symptom}`,
    `Urgency:     ${notification.urgency}`,
    `Project:     ${notification.project} (${notification.environment})`,
    `Opened:      ${iso(notification.openedAt)}`,
    `At:          ${iso(notification.at)}`,
  ];
  if (notification.solution !== null) lines.push(`Solution:    ${notification.solution}`);
  if (notification.dprId !== null) lines.push(`DPR id:      ${notification.dprId}`);
  if (notification.reason !== null) lines.push(`Reason:      ${notification.reason}`);
  if (notification.resolution !== null) lines.push(`Resolution:  ${notification.resolution}`);
  const report = notification.report;
  if (report !== null) {
    lines.push("", "Impact:", report.business_impact.summary, "", "Recommendations:");
    lines.push(...report.recommendations.map((line) => `- ${line}`));
  }
  lines.push("", `Notification ${notification.id}`);
  const title = NOTIFICATION_TITLES[notification.kind];
  return {
    from: target.from,
    to: target.to,
    subject: `[${notification.project}/${notification.environment}] ${title}: ${notification.service} ${notification.incidentId}`,
    text: `${lines.join("\n")}\n`,
  };
}

function encodeReportMail(report: QueuedReport, target: EmailTarget): MailMessage {
  return {
    from: target.from,
    to: target.to,
    subject: `[${report.project}/${report.environment}] ${report.summary}`,
    text: report.markdown,
  };
}

/** E-mail over SMTP: a plain-text message per notification; a report's text is its Markdown. */
export const emailReceiver: ReceiverKind<EmailTarget, MailMessage> = {
  settings,
  encode: encodeMail,
  reports: { encode: encodeReportMail },
  send: (message, target, options) => sendMail(target.smtp, message, options),
};

import { Notification } from "@orbt/core";
import * as z from "zod";
import { expecting, httpUrl } from "../config/field-schemas.js";
import { findTemplateProblems, type JsonTemplate, renderTemplate } from "./json-template.js";
import { postJson } from "./post-json.js";
import type { ReceiverKind } from "./receiver-kind.js";

/** What a webhook body template may name: every field of the notification and its queue id. */
export const TEMPLATE_FIELDS: readonly string[] = ["id", ...Object.keys(Notification.shape)];

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);

export type WebhookTarget = {
  readonly kind: "webhook";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent: the body is the notification itself. */
  readonly body?: JsonTemplate;
};

const settings = z
  .strictObject({
    url: httpUrl.describe("Where to POST."),
    headers: z
      .record(headerName, z.string(expecting("a header value")), {
        error: (issue) =>
          issue.code === "invalid_key"
            ? `expected an HTTP header name, got ${JSON.stringify(issue.input)}`
            : undefined,
      })
      .default({})
      .describe("Headers sent with every POST."),
    body: z
      .json()
      .optional()
      .describe("A body template: `{{field}}` in its strings is filled from the notification."),
  })
  .superRefine((raw, ctx) => {
    for (const problem of findTemplateProblems(raw.body, TEMPLATE_FIELDS)) {
      ctx.addIssue({
        code: "custom",
        input: raw.body,
        path: ["body", ...problem.path],
        message: problem.message,
      });
    }
  })
  .transform(
    (raw): WebhookTarget => ({
      kind: "webhook",
      url: raw.url,
      headers: raw.headers,
      ...(raw.body === undefined ? {} : { body: raw.body }),
    }),
  )
  .describe("A JSON POST to any HTTP endpoint.");

/** Any HTTP endpoint: a POST of the notification as JSON, or of the receiver's body template filled from it. */
export const webhookReceiver: ReceiverKind<WebhookTarget, unknown> = {
  settings,
  encode: (notification, target) =>
    target.body === undefined ? notification : renderTemplate(target.body, notification),
  // A body template names incident fields; a report is posted whole.
  reports: { encode: (report) => report },
  send: (message, target, options) =>
    postJson(target.url, message, {
      timeoutMs: options.timeoutMs,
      headers: target.headers,
      signal: options.signal,
    }),
};

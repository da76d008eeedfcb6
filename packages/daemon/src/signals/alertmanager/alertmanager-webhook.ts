import { z } from "zod";

const Timestamp = z.string().refine((text) => !Number.isNaN(Date.parse(text)), "expected an RFC 3339 time");

const LabelSet = z.record(z.string(), z.string());

const AlertmanagerAlert = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: LabelSet,
  annotations: LabelSet.default({}),
  startsAt: Timestamp,
  endsAt: Timestamp,
  generatorURL: z.string().default(""),
  fingerprint: z.string().default(""),
});

/** The body Alertmanager's webhook receiver posts, payload version 4. */
export const AlertmanagerWebhook = z.object({
  version: z.literal("4"),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  groupLabels: LabelSet,
  commonLabels: LabelSet,
  commonAnnotations: LabelSet,
  externalURL: z.string(),
  alerts: z.array(AlertmanagerAlert),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhook>;

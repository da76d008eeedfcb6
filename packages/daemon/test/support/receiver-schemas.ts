import * as z from "zod";

/**
 * Slack's documented Block Kit shapes for an incoming webhook's message (the blocks Orbt may send):
 * text objects, header, section, context and divider blocks, with Slack's length limits.
 */
const PlainText = z.strictObject({
  type: z.literal("plain_text"),
  text: z.string().min(1),
  emoji: z.boolean().optional(),
});
const Mrkdwn = z.strictObject({
  type: z.literal("mrkdwn"),
  text: z.string().min(1),
  verbatim: z.boolean().optional(),
});
const TextObject = z.discriminatedUnion("type", [PlainText, Mrkdwn]);
const blockId = z.string().max(255).optional();

const HeaderBlock = z.strictObject({
  type: z.literal("header"),
  text: PlainText.extend({ text: z.string().min(1).max(150) }),
  block_id: blockId,
});
const SectionBlock = z
  .strictObject({
    type: z.literal("section"),
    text: TextObject.refine((text) => text.text.length <= 3000, "section text over 3000").optional(),
    fields: z
      .array(TextObject.refine((text) => text.text.length <= 2000, "field over 2000"))
      .min(1)
      .max(10)
      .optional(),
    block_id: blockId,
  })
  .refine(
    (block) => block.text !== undefined || block.fields !== undefined,
    "a section needs text or fields",
  );
const ContextBlock = z.strictObject({
  type: z.literal("context"),
  elements: z.array(TextObject).min(1).max(10),
  block_id: blockId,
});
const DividerBlock = z.strictObject({ type: z.literal("divider"), block_id: blockId });

export const SlackWebhookMessage = z.strictObject({
  text: z.string().min(1),
  blocks: z
    .array(z.union([HeaderBlock, SectionBlock, ContextBlock, DividerBlock]))
    .min(1)
    .max(50),
});

/** PagerDuty Events API v2, as documented: an alert event to `/v2/enqueue`. */
const routing = { routing_key: z.string().length(32), dedup_key: z.string().min(1).max(255) };

export const PagerDutyEvent = z.discriminatedUnion("event_action", [
  z.strictObject({
    ...routing,
    event_action: z.literal("trigger"),
    payload: z.strictObject({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1),
      severity: z.enum(["critical", "error", "warning", "info"]),
      timestamp: z.iso.datetime().optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    }),
    client: z.string().optional(),
    client_url: z.string().optional(),
  }),
  z.strictObject({ ...routing, event_action: z.literal("acknowledge") }),
  z.strictObject({ ...routing, event_action: z.literal("resolve") }),
]);

export type SlackWebhookMessage = z.output<typeof SlackWebhookMessage>;
export type PagerDutyEvent = z.output<typeof PagerDutyEvent>;

import * as z from "zod";
import { cronExpression, durationMs, expecting, name } from "./field-schemas.js";

/**
 * `reports: [{name?, schedule, window, receivers}]`: a platform domain report over the `window` before
 * each time `schedule` fires, kept in history and sent to the named notification receivers.
 */
export const ReportSchedule = z
  .strictObject(
    {
      name: name.optional().describe("Shown in the report and its history."),
      schedule: cronExpression.describe("When a report is built."),
      window: durationMs.prefault("24h").describe("How far back each report looks."),
      receivers: z
        .array(name, expecting("a list of receiver names"))
        .default([])
        .describe("Receivers (webhook, Slack or e-mail) it is sent to; none: history only."),
    },
    expecting("a mapping with schedule"),
  )
  .transform((raw) => ({
    name: raw.name ?? `every ${raw.schedule}`,
    schedule: raw.schedule,
    windowMs: raw.window,
    receivers: raw.receivers,
  }));

export type ReportSchedule = z.output<typeof ReportSchedule>;

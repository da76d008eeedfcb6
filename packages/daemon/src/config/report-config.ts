import * as z from "zod";
import { cronExpression, durationMs, expecting, name } from "./field-schemas.js";

/**
 * `reports: [{name?, schedule, window, receivers}]`: a platform domain report over the `window` before
 * each time `schedule` fires, kept in history and sent to the named notification receivers.
 */
export const ReportSchedule = z
  .strictObject(
    {
      name: name.optional(),
      schedule: cronExpression,
      window: durationMs.prefault("24h"),
      receivers: z.array(name, expecting("a list of receiver names")).default([]),
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

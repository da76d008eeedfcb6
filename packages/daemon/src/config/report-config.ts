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

/** `sla:` of a service: what it promises over a report's window. */
export const ServiceSla = z
  .strictObject(
    {
      uptime: z
        .number(expecting("a percentage like 99.9"))
        .gt(0, expecting("a percentage above 0, at most 100"))
        .max(100, expecting("a percentage above 0, at most 100"))
        .optional(),
      latency_p99: durationMs.optional(),
    },
    expecting("a mapping with uptime or latency_p99"),
  )
  .transform((raw) => ({ uptimePercent: raw.uptime ?? null, latencyP99Ms: raw.latency_p99 ?? null }));

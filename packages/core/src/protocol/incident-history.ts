import { z } from "zod";
import { Incident } from "./engine-state.js";

/** Since the journal began; what dashboards show without keeping resolved incidents. */
export const OutcomeCounts = z.object({
  remediedAtStrike1: z.number().int().nonnegative(),
  remediedAtStrike2: z.number().int().nonnegative(),
  escalated: z.number().int().nonnegative(),
});
export type OutcomeCounts = z.infer<typeof OutcomeCounts>;

/**
 * What clients see of resolved incidents next to the live ones in the engine state: the most recently
 * resolved, newest resolution first, and counts over all of them. Older incidents are read over REST.
 */
export const IncidentHistory = z.object({
  recentResolved: z.array(Incident),
  counts: OutcomeCounts,
});
export type IncidentHistory = z.infer<typeof IncidentHistory>;

import { z } from "zod";
import { ServiceName } from "./names.js";

/** A symptom source (a check, the health endpoint, one alert) started reporting trouble. */
export const SymptomSeen = z.object({
  type: z.literal("SymptomSeen"),
  service: ServiceName,
  pattern: z.string().min(1),
  symptom: z.string().min(1),
  source: z.string().min(1),
  detail: z.string().max(2000).optional(),
  /** The labels of the alert it came from, which silences may match. */
  labels: z.record(z.string(), z.string()).optional(),
});
export type SymptomSeen = z.infer<typeof SymptomSeen>;

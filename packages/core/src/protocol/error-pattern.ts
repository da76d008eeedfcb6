import { z } from "zod";

/** A kind of failure: the symptoms that show it, the fixes to try at strikes 1 and 2, and when to call a human. */
export const ErrorPattern = z.object({
  name: z.string().min(1),
  symptoms: z.array(z.string().min(1)),
  strike1Solutions: z.array(z.string().min(1)),
  strike2Alternatives: z.array(z.string().min(1)),
  escalationTriggers: z.array(z.string().min(1)),
});
export type ErrorPattern = z.infer<typeof ErrorPattern>;

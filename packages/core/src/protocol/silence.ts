import { z } from "zod";
import { compileAnchoredRegex } from "../promql/label-matcher.js";
import { OperatorName, OperatorNoteText } from "./names.js";

/** A label name as Prometheus and Alertmanager spell it: `service`, `pattern`, `symptom`, or any label. */
const MatcherName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "expected a label name of A-Z a-z 0-9 _ not starting with a digit");

function isValidRegex(source: string): boolean {
  try {
    compileAnchoredRegex(source);
    return true;
  } catch {
    return false;
  }
}

/** One matcher, as Alertmanager's: `=~` and `!~` match the whole value (anchored), RE2 syntax. */
export const SilenceMatcher = z
  .object({
    name: MatcherName,
    type: z.enum(["=", "!=", "=~", "!~"]),
    value: z.string().max(1024),
  })
  .strict()
  .refine((matcher) => !matcher.type.includes("~") || isValidRegex(matcher.value), {
    message: "expected a valid regular expression",
    path: ["value"],
  });
export type SilenceMatcher = z.infer<typeof SilenceMatcher>;

/** `pending` before `startsAt`, `active` until `endsAt` or an operator expires it, then `expired`. */
export const SilenceState = z.enum(["pending", "active", "expired"]);
export type SilenceState = z.infer<typeof SilenceState>;

/** What an operator asks to silence; the id is given by the daemon, as core has no randomness. */
export const SilenceSpec = z.object({
  id: z.string().min(1).max(64),
  matchers: z.array(SilenceMatcher).min(1).max(32),
  createdBy: OperatorName,
  comment: OperatorNoteText,
  startsAt: z.number(),
  endsAt: z.number(),
});
export type SilenceSpec = z.infer<typeof SilenceSpec>;

export const Silence = SilenceSpec.extend({
  createdAt: z.number(),
  state: SilenceState,
  /** Who expired it before its end; null while it runs, or when it ran to `endsAt`. */
  expiredBy: OperatorName.nullable(),
  /** When it stopped silencing: `endsAt`, or earlier when an operator expired it. */
  expiredAt: z.number().nullable(),
  /** Symptoms it kept from opening an incident or joining one. */
  suppressed: z.number().int().nonnegative(),
});
export type Silence = z.infer<typeof Silence>;

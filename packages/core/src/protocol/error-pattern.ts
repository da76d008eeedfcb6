import { z } from "zod";

/** What a pattern's or a solution's name may be: it keys knowledge rows and is a DPR id's OPERATION segment. */
export const CATALOG_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const CATALOG_NAME_EXPECTED = "1-64 characters of A-Z a-z 0-9 _, starting with a letter";

export const CatalogName = z.string().regex(CATALOG_NAME_RE, `expected ${CATALOG_NAME_EXPECTED}`);
export type CatalogName = z.infer<typeof CatalogName>;

/** A kind of failure: the symptoms that show it, the fixes to try at strikes 1 and 2, and when to call a human. */
export const ErrorPattern = z.object({
  name: z.string().min(1),
  symptoms: z.array(z.string().min(1)),
  strike1Solutions: z.array(z.string().min(1)),
  strike2Alternatives: z.array(z.string().min(1)),
  escalationTriggers: z.array(z.string().min(1)),
});
export type ErrorPattern = z.infer<typeof ErrorPattern>;

/** Where a pattern of the catalog comes from: the seed's three, or the config's `patterns:`. */
export const PatternView = ErrorPattern.extend({ source: z.enum(["seed", "config"]) });
export type PatternView = z.infer<typeof PatternView>;

import type * as z from "zod";

type KindRegistry = { readonly [kind: string]: { readonly settings: z.ZodType } };

/** The config keys of a registry's kinds, each optional: `exec`, `http` of a remedy; `http`, `tcp` of a check. */
export function kindKeys<R extends KindRegistry>(
  registry: R,
): { [K in keyof R]: z.ZodOptional<R[K]["settings"]> } {
  return Object.fromEntries(
    Object.entries(registry).map(([kind, entry]) => [kind, entry.settings.optional()]),
  ) as { [K in keyof R]: z.ZodOptional<R[K]["settings"]> };
}

/**
 * The one kind whose key `raw` sets. Setting none or several is an issue on the whole object, "expected
 * exactly one of a, b", and gives undefined.
 */
export function pickKind<K extends string>(
  kinds: readonly K[],
  raw: { readonly [P in K]?: unknown },
  ctx: z.RefinementCtx,
): K | undefined {
  const present = kinds.filter((kind) => raw[kind] !== undefined);
  if (present.length === 1) return present[0];
  ctx.issues.push({ code: "custom", input: raw, message: `expected exactly one of ${kinds.join(", ")}` });
  return undefined;
}

/**
 * The kind whose key `raw` sets, or `null` when it sets none. Setting several is an issue on the whole
 * object, "expected at most one of a, b", and gives undefined.
 */
export function pickAtMostOneKind<K extends string>(
  kinds: readonly K[],
  raw: { readonly [P in K]?: unknown },
  ctx: z.RefinementCtx,
): { readonly kind: K | null } | undefined {
  const present = kinds.filter((kind) => raw[kind] !== undefined);
  if (present.length <= 1) return { kind: present[0] ?? null };
  ctx.issues.push({ code: "custom", input: raw, message: `expected at most one of ${kinds.join(", ")}` });
  return undefined;
}

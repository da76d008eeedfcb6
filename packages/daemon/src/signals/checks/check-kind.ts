import type * as z from "zod";
import type { ProbeResult } from "./probe-result.js";

/**
 * One kind of check, keyed in `CHECK_KINDS` by its config key: the schema of that key, which names what
 * to probe (tagged with the kind), and the probe.
 */
export type CheckKind<Target extends { readonly kind: string }> = {
  /** The value of the check's `<kind>:` key in the config. */
  readonly settings: z.ZodType<Target, unknown>;
  /** One probe within `timeoutMs`; resolves with a result, never rejects. */
  probe(target: Target & { readonly timeoutMs: number }): Promise<ProbeResult>;
  /**
   * What answers slower than the check's `latency_threshold` are a symptom of; null for a kind whose
   * probe time says nothing of the service (a process lookup, a plugin run), which has no latency aspect.
   */
  readonly slow: { readonly pattern: string; readonly symptom: string } | null;
};

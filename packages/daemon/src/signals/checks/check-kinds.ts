import type * as z from "zod";
import type { CheckKind } from "./check-kind.js";
import { commandCheck } from "./command-probe.js";
import { dnsCheck } from "./dns-probe.js";
import { httpCheck } from "./http-probe.js";
import type { ProbeResult } from "./probe-result.js";
import { processCheck } from "./process-probe.js";
import { tcpCheck } from "./tcp-probe.js";
import { tlsCheck } from "./tls-probe.js";

/** A check kind for each name in `K`, each tagging its targets with its own name. */
export type CheckKindRegistry<K extends string> = {
  readonly [P in K]: CheckKind<{ readonly kind: P }>;
};

/** The check kinds a service may use; a name without its line in `CHECK_KINDS` does not compile. */
export type CheckKindName = "http" | "tcp" | "dns" | "tls" | "command" | "process";

/** One line per check kind. A service check's config keys come from this object, in this order. */
export const CHECK_KINDS = {
  http: httpCheck,
  tcp: tcpCheck,
  dns: dnsCheck,
  tls: tlsCheck,
  command: commandCheck,
  process: processCheck,
} satisfies CheckKindRegistry<CheckKindName>;

type CheckTarget = z.output<(typeof CHECK_KINDS)[CheckKindName]["settings"]>;

export const CHECK_KIND_NAMES = Object.keys(CHECK_KINDS) as readonly CheckKindName[];

/** The kind that tagged a target. */
export function checkKindOf(check: CheckTarget): CheckKind<CheckTarget> {
  // A target only ever reaches the kind that tagged it, which indexing by a union cannot show the compiler.
  return CHECK_KINDS[check.kind] as CheckKind<CheckTarget>;
}

/** Probes a check with its kind's probe. */
export function probeCheck(check: CheckTarget & { readonly timeoutMs: number }): Promise<ProbeResult> {
  return checkKindOf(check).probe(check);
}

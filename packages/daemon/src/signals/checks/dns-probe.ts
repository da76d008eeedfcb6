import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import * as z from "zod";
import { expecting, hostPort } from "../../config/field-schemas.js";
import type { HostPort } from "../../config/host-port.js";
import { describeError } from "../ingest/describe-error.js";
import type { CheckKind } from "./check-kind.js";
import type { ProbeResult } from "./probe-result.js";

type RecordType = "A" | "AAAA";

export type DnsTarget = {
  readonly kind: "dns";
  /** The name to resolve. */
  readonly name: string;
  readonly type: RecordType;
  /** The resolver to ask; the system's when absent. */
  readonly server: HostPort | undefined;
  /** Every one of them must be among the answers; any answer will do when empty. */
  readonly addresses: readonly string[];
};

const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

const ipAddress = z
  .string(expecting("an IP address"))
  .refine((text) => isIP(text) !== 0, { message: "expected an IP address" });

/** `dns: {name, type, server, addresses}`: the name resolves, to the expected addresses, within the timeout. */
export const dnsCheck: CheckKind<DnsTarget> = {
  settings: z
    .strictObject(
      {
        name: z.string(expecting("a DNS name")).regex(DNS_NAME, expecting("a DNS name like api.example.com")),
        type: z.enum(["A", "AAAA"], expecting("A or AAAA")).default("A"),
        server: hostPort.optional(),
        addresses: z.array(ipAddress, expecting("a list of IP addresses")).default([]),
      },
      expecting("a mapping with name"),
    )
    .transform((raw, ctx) => {
      const family = raw.type === "A" ? 4 : 6;
      const index = raw.addresses.findIndex((address) => isIP(address) !== family);
      if (index >= 0) {
        ctx.issues.push({
          code: "custom",
          input: raw.addresses[index],
          path: ["addresses", index],
          message: `expected an IPv${family} address for type ${raw.type}, got "${raw.addresses[index]}"`,
        });
        return z.NEVER;
      }
      return {
        kind: "dns" as const,
        name: raw.name,
        type: raw.type,
        server: raw.server,
        addresses: raw.addresses,
      };
    }),
  probe: probeDns,
  slow: { pattern: "uptime_problems", symptom: "DNS_problems" },
};

function serverAddress({ host, port }: HostPort): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** One lookup: a failed or late answer, or one without an expected address, is a DNS problem. Never rejects. */
export async function probeDns(target: DnsTarget & { readonly timeoutMs: number }): Promise<ProbeResult> {
  const startedAtMs = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAtMs);
  const resolver = new Resolver({ timeout: target.timeoutMs, tries: 1 });
  if (target.server !== undefined) resolver.setServers([serverAddress(target.server)]);
  const problem = (detail: string): ProbeResult => ({
    ok: false,
    latencyMs: elapsedMs(),
    symptom: "DNS_problems",
    detail: `${target.name} (${target.type}): ${detail}`,
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), target.timeoutMs);
  });
  try {
    const lookup = target.type === "A" ? resolver.resolve4(target.name) : resolver.resolve6(target.name);
    const answer = await Promise.race([lookup, late]);
    if (answer === "late") {
      resolver.cancel();
      return problem(`no answer within ${target.timeoutMs}ms`);
    }
    const missing = target.addresses.filter((address) => !answer.includes(address));
    if (missing.length > 0) {
      return problem(`resolved to ${answer.join(", ") || "nothing"}, expected ${missing.join(", ")}`);
    }
    return { ok: true, latencyMs: elapsedMs() };
  } catch (err) {
    return problem(describeError(err));
  } finally {
    clearTimeout(timer);
  }
}

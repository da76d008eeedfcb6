import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import { assertNever } from "@orbt/core";
import * as z from "zod";
import { expecting, hostPort } from "../../config/field-schemas.js";
import type { HostPort } from "../../config/host-port.js";
import { describeError } from "../ingest/describe-error.js";
import type { CheckKind } from "./check-kind.js";
import type { ProbeResult } from "./probe-result.js";

const RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT", "MX", "NS"] as const;
type RecordType = (typeof RECORD_TYPES)[number];

export type DnsTarget = {
  readonly kind: "dns";
  /** The name to resolve. */
  readonly name: string;
  readonly type: RecordType;
  /** The resolver to ask; the system's when absent. */
  readonly server: HostPort | undefined;
  /** Every one of them must be among the answers; any answer will do when empty. */
  readonly expected: readonly string[];
};

const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

const ipAddress = z
  .string(expecting("an IP address"))
  .refine((text) => isIP(text) !== 0, { message: "expected an IP address" });

const isAddressType = (type: RecordType) => type === "A" || type === "AAAA";

/**
 * `dns: {name, type, server, addresses | values}`: the name resolves, to answers holding each expected
 * one, within the timeout.
 */
export const dnsCheck: CheckKind<DnsTarget> = {
  settings: z
    .strictObject(
      {
        name: z
          .string(expecting("a DNS name"))
          .regex(DNS_NAME, expecting("a DNS name like api.example.com"))
          .describe("DNS name to resolve."),
        type: z
          .enum(RECORD_TYPES, expecting(RECORD_TYPES.join(", ")))
          .default("A")
          .describe("The record type to ask for."),
        server: hostPort
          .optional()
          .describe("host:port of the DNS server to ask; default the system's resolvers."),
        addresses: z
          .array(ipAddress, expecting("a list of IP addresses"))
          .optional()
          .describe("A and AAAA: addresses that must be among the answers."),
        values: z
          .array(z.string(expecting("a string")), expecting("a list of strings"))
          .optional()
          .describe("CNAME, TXT, MX and NS: values that must be among the answers."),
      },
      expecting("a mapping with name"),
    )
    .transform((raw, ctx) => {
      const problem = (path: (string | number)[], input: unknown, message: string) => {
        ctx.issues.push({ code: "custom", input, path, message });
        return z.NEVER;
      };
      const isAddress = isAddressType(raw.type);
      if (raw.addresses !== undefined && !isAddress) {
        return problem(
          ["addresses"],
          raw.addresses,
          `expected values for type ${raw.type} (addresses are for A and AAAA)`,
        );
      }
      if (raw.values !== undefined && isAddress) {
        return problem(
          ["values"],
          raw.values,
          `expected addresses for type ${raw.type} (values are for CNAME, TXT, MX, NS)`,
        );
      }
      const family = raw.type === "A" ? 4 : 6;
      const addresses = raw.addresses ?? [];
      const index = addresses.findIndex((address) => isIP(address) !== family);
      if (index >= 0) {
        return problem(
          ["addresses", index],
          addresses[index],
          `expected an IPv${family} address for type ${raw.type}, got "${addresses[index]}"`,
        );
      }
      return {
        kind: "dns" as const,
        name: raw.name,
        type: raw.type,
        server: raw.server,
        expected: isAddress ? addresses : (raw.values ?? []),
      };
    })
    .describe("Resolve a name; an answer holding every expected address or value is healthy."),
  probe: probeDns,
  slow: { pattern: "uptime_problems", symptom: "DNS_problems" },
};

function serverAddress({ host, port }: HostPort): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A DNS name as compared: case and a trailing dot do not matter. */
const canonicalName = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** The answers to the query, as text: a TXT record's strings joined, an MX record's exchange. */
async function lookup(resolver: Resolver, name: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case "A":
      return resolver.resolve4(name);
    case "AAAA":
      return resolver.resolve6(name);
    case "CNAME":
      return (await resolver.resolveCname(name)).map(canonicalName);
    case "TXT":
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
    case "MX":
      return (await resolver.resolveMx(name)).map((record) => canonicalName(record.exchange));
    case "NS":
      return (await resolver.resolveNs(name)).map(canonicalName);
    default:
      return assertNever(type);
  }
}

/** One lookup: a failed or late answer, or one without an expected value, is a DNS problem. Never rejects. */
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
    const answer = await Promise.race([lookup(resolver, target.name, target.type), late]);
    if (answer === "late") {
      resolver.cancel();
      return problem(`no answer within ${target.timeoutMs}ms`);
    }
    const isName = target.type === "CNAME" || target.type === "MX" || target.type === "NS";
    const missing = target.expected.filter(
      (value) => !answer.includes(isName ? canonicalName(value) : value),
    );
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

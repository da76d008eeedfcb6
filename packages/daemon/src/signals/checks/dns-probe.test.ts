import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../../../test/support/dns-server.js";
import { dnsCheck, probeDns } from "./dns-probe.js";

describe("dns check", () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({
      "api.shop.test": ["10.0.0.1", "10.0.0.2"],
      "CNAME www.shop.test": ["shop-lb.cdn.test"],
      "TXT shop.test": ["v=spf1 include:mail.test -all", "site-verification=abc123"],
      "MX shop.test": ["mx1.mail.test"],
      "NS shop.test": ["ns1.shop.test"],
    });
  });
  afterAll(() => dns.close());

  const target = (name: string, expected: string[] = []) => {
    const [host, port] = dns.address.split(":");
    return {
      kind: "dns" as const,
      name,
      type: "A" as const,
      server: { host: host!, port: Number(port) },
      expected,
      timeoutMs: 1_000,
    };
  };

  it("passes when the name resolves to every expected address, asking the configured server", async () => {
    expect(await probeDns(target("api.shop.test", ["10.0.0.2"]))).toMatchObject({ ok: true });
    expect(await probeDns(target("api.shop.test"))).toMatchObject({ ok: true });
    expect(dns.queries).toContain("api.shop.test");
  });

  it("is a DNS problem when the name does not resolve, resolves elsewhere, or answers late", async () => {
    expect(await probeDns(target("gone.shop.test"))).toMatchObject({
      ok: false,
      symptom: "DNS_problems",
      detail: expect.stringContaining("gone.shop.test (A): queryA ENOTFOUND"),
    });
    expect(await probeDns(target("api.shop.test", ["10.9.9.9"]))).toMatchObject({
      ok: false,
      symptom: "DNS_problems",
      detail: "api.shop.test (A): resolved to 10.0.0.1, 10.0.0.2, expected 10.9.9.9",
    });
    dns.setDelayMs(1_500);
    try {
      const late = await probeDns({ ...target("api.shop.test"), timeoutMs: 300 });
      expect(late).toMatchObject({ ok: false, symptom: "DNS_problems" });
      expect(late.ok ? 0 : late.latencyMs).toBeLessThan(1_000);
    } finally {
      dns.setDelayMs(0);
    }
  });

  it("refuses an expected address of the other family, naming it", () => {
    const parsed = dnsCheck.settings.safeParse({ name: "api.shop.test", addresses: ["::1"] });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([
      expect.objectContaining({
        path: ["addresses", 0],
        message: 'expected an IPv4 address for type A, got "::1"',
      }),
    ]);
  });

  it("checks CNAME, TXT, MX and NS records for the expected values, names regardless of case", async () => {
    const typed = (type: "CNAME" | "TXT" | "MX" | "NS", name: string, expected: string[]) => ({
      ...target(name, expected),
      type,
    });
    expect(await probeDns(typed("CNAME", "www.shop.test", ["SHOP-LB.cdn.test."]))).toMatchObject({
      ok: true,
    });
    expect(await probeDns(typed("TXT", "shop.test", ["site-verification=abc123"]))).toMatchObject({
      ok: true,
    });
    expect(await probeDns(typed("MX", "shop.test", ["mx1.mail.test"]))).toMatchObject({ ok: true });
    expect(await probeDns(typed("NS", "shop.test", ["ns1.shop.test"]))).toMatchObject({ ok: true });
    expect(await probeDns(typed("TXT", "shop.test", ["site-verification=zzz"]))).toMatchObject({
      ok: false,
      symptom: "DNS_problems",
      detail:
        "shop.test (TXT): resolved to v=spf1 include:mail.test -all, site-verification=abc123, expected site-verification=zzz",
    });
  });

  it("wants addresses for A and AAAA, values for the other types", () => {
    const messages = (input: unknown) => {
      const parsed = dnsCheck.settings.safeParse(input);
      return parsed.success
        ? []
        : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    };
    expect(messages({ name: "shop.test", type: "TXT", addresses: ["10.0.0.1"] })).toEqual([
      "addresses: expected values for type TXT (addresses are for A and AAAA)",
    ]);
    expect(messages({ name: "shop.test", values: ["x"] })).toEqual([
      "values: expected addresses for type A (values are for CNAME, TXT, MX, NS)",
    ]);
  });
});

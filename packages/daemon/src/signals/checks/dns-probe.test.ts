import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../../../test/support/dns-server.js";
import { dnsCheck, probeDns } from "./dns-probe.js";

describe("dns check", () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({ "api.shop.test": ["10.0.0.1", "10.0.0.2"] });
  });
  afterAll(() => dns.close());

  const target = (name: string, addresses: string[] = []) => {
    const [host, port] = dns.address.split(":");
    return {
      kind: "dns" as const,
      name,
      type: "A" as const,
      server: { host: host!, port: Number(port) },
      addresses,
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
});

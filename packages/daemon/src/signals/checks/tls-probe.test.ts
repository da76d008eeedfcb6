import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../test/support/ports.js";
import { startTlsServer, type TlsServer } from "../../../test/support/tls-server.js";
import { probeTls, type TlsTarget, tlsCheck } from "./tls-probe.js";

const DAY_MS = 86_400_000;

describe("tls check", () => {
  let shortLived: TlsServer;
  beforeAll(async () => {
    // Three days and an hour: whole days left are 3 whatever the clock does during the test.
    shortLived = await startTlsServer(3 * DAY_MS + 3_600_000);
  });
  afterAll(() => shortLived.close());

  const at = (server: TlsServer, rest: Partial<TlsTarget> = {}) => {
    const [host, port] = server.address.split(":");
    return {
      kind: "tls" as const,
      host: host!,
      port: Number(port),
      minDaysLeft: 14,
      timeoutMs: 2_000,
      ...rest,
    };
  };

  it("fails a trusted certificate with fewer days left than min_days_left, saying when it expires", async () => {
    const result = await probeTls(at(shortLived, { caFile: shortLived.caFile }));
    expect(result).toMatchObject({
      ok: false,
      symptom: "health_check_failures",
      detail: expect.stringMatching(
        /^certificate of localhost expires in 3 days, on \d{4}-\d\d-\d\d \(min_days_left 14\)$/,
      ),
    });
    expect(await probeTls(at(shortLived, { caFile: shortLived.caFile, minDaysLeft: 3 }))).toMatchObject({
      ok: true,
    });
  });

  it("checks the name: by the IP address it connects to, or by server_name", async () => {
    expect(
      await probeTls(at(shortLived, { caFile: shortLived.caFile, minDaysLeft: 1, serverName: "localhost" })),
    ).toMatchObject({ ok: true });
    expect(
      await probeTls(
        at(shortLived, { caFile: shortLived.caFile, minDaysLeft: 1, serverName: "shop.example.com" }),
      ),
    ).toMatchObject({
      ok: false,
      detail: "certificate of localhost not trusted: ERR_TLS_CERT_ALTNAME_INVALID",
    });
  });

  it("fails an untrusted certificate, a missing ca file and a closed port", async () => {
    expect(await probeTls(at(shortLived, { minDaysLeft: 1 }))).toMatchObject({
      ok: false,
      detail: "certificate of localhost not trusted: DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    expect(await probeTls(at(shortLived, { caFile: "/nonexistent/ca.pem" }))).toMatchObject({
      ok: false,
      detail: expect.stringContaining("ca /nonexistent/ca.pem: ENOENT"),
    });
    const closed = {
      kind: "tls" as const,
      host: "127.0.0.1",
      port: await freePort(),
      minDaysLeft: 14,
      timeoutMs: 2_000,
    };
    expect(await probeTls(closed)).toMatchObject({ ok: false, symptom: "service_unavailable" });
  });

  it("fails an expired certificate however it is trusted", async () => {
    const expired = await startTlsServer(-DAY_MS / 2);
    try {
      expect(await probeTls(at(expired, { caFile: expired.caFile }))).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^certificate of localhost expired on \d{4}-\d\d-\d\d$/),
      });
    } finally {
      await expired.close();
    }
  });

  it("takes host:port alone, with 14 days as the minimum", () => {
    expect(tlsCheck.settings.parse("shop.example.com:443")).toEqual({
      kind: "tls",
      host: "shop.example.com",
      port: 443,
      minDaysLeft: 14,
    });
  });
});

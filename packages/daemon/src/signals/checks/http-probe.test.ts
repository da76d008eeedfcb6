import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../../test/support/local-http-server.js";
import { freePort } from "../../../test/support/ports.js";
import { probeHttp } from "./http-probe.js";

describe("probeHttp", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((request, response) => {
      if (request.path === "/hang") return;
      if (request.path === "/endless") {
        // A body that never ends: a probe that does not close the connection keeps it busy for good.
        const chunk = "z".repeat(64 * 1024);
        const writeMore = () => {
          while (response.write(chunk)) {}
        };
        response.on("drain", writeMore);
        writeMore();
        return;
      }
      response.statusCode = Number(request.path.slice(1));
      response.end("z".repeat(1_000_000));
    });
  });
  afterAll(() => server.close());

  it("is healthy on 200 and reports the status", async () => {
    const result = await probeHttp({ url: `${server.url}/200`, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(Number.isInteger(result.latencyMs)).toBe(true);
  });

  it("reports HTTP 503 as a health check failure", async () => {
    const result = await probeHttp({ url: `${server.url}/503`, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, symptom: "health_check_failures", detail: "HTTP 503" });
  });

  it("does not follow a redirect away from the configured endpoint", async () => {
    const result = await probeHttp({ url: `${server.url}/302`, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, symptom: "health_check_failures", detail: "HTTP 302" });
  });

  it("reports a server that never answers as a timeout", async () => {
    const result = await probeHttp({ url: `${server.url}/hang`, timeoutMs: 300 });
    expect(result).toMatchObject({
      ok: false,
      symptom: "health_check_failures",
      detail: "timeout after 300ms",
    });
  });

  it("reports a refused connection as service unavailable", async () => {
    const result = await probeHttp({ url: `http://127.0.0.1:${await freePort()}/`, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, symptom: "service_unavailable" });
    expect(result.ok === false && result.detail).toContain("ECONNREFUSED");
  });

  it("reports a refused https connection as service unavailable", async () => {
    const result = await probeHttp({ url: `https://127.0.0.1:${await freePort()}/`, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, symptom: "service_unavailable" });
    expect(result.ok === false && result.detail).toContain("ECONNREFUSED");
  });

  it("reports a URL it cannot request as a health check failure", async () => {
    const result = await probeHttp({ url: "http://[::1", timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, symptom: "health_check_failures" });
  });

  it("closes the connection of a body it does not read, so probes never pile up busy connections", async () => {
    for (let probe = 0; probe < 20; probe++) {
      expect((await probeHttp({ url: `${server.url}/endless`, timeoutMs: 5_000 })).ok).toBe(true);
    }
    await vi.waitFor(async () => expect(await server.countOpenConnections()).toBe(0));
  });
});

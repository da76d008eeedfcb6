import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findClosedPort, type LocalHttpServer, startLocalHttpServer } from "../act/local-http-server.js";
import { probeHttp } from "./http-probe.js";

describe("probeHttp", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((request, response) => {
      if (request.path === "/hang") return;
      response.statusCode = Number(request.path.slice(1));
      // A body larger than socket buffers: left unread it would keep the connection busy.
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
    const result = await probeHttp({ url: `http://127.0.0.1:${await findClosedPort()}/`, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, symptom: "service_unavailable" });
    expect(result.ok === false && result.detail).toContain("ECONNREFUSED");
  });

  it("cancels unread bodies so repeated probes do not pile up busy connections", async () => {
    for (let probe = 0; probe < 20; probe++) {
      expect((await probeHttp({ url: `${server.url}/200`, timeoutMs: 5_000 })).ok).toBe(true);
    }
    // Left unread, every 1 MB body keeps its connection streaming: 20 probes, 20 open connections.
    await vi.waitFor(async () => expect(await server.countOpenConnections()).toBeLessThanOrEqual(2));
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../../test/support/local-http-server.js";
import { freePort } from "../../../test/support/ports.js";
import { type HttpCondition, parseHttpCondition } from "./http-condition.js";
import { probeHttp } from "./http-probe.js";

function conditions(...texts: string[]): HttpCondition[] {
  return texts.map((text) => {
    const parsed = parseHttpCondition(text);
    if (typeof parsed === "string") throw new Error(parsed);
    return parsed;
  });
}

describe("probeHttp", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((request, response) => {
      if (request.path === "/hang") return;
      if (request.path.startsWith("/json/")) {
        response.statusCode = Number(request.path.slice("/json/".length));
        response.end(JSON.stringify({ status: request.path.endsWith("200") ? "UP" : "DOWN" }));
        return;
      }
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

  it("judges the answer by its conditions, reading the body only when one does", async () => {
    const up = conditions("[STATUS] == 200", "[BODY].status == UP");
    expect(
      await probeHttp({ url: `${server.url}/json/200`, conditions: up, timeoutMs: 5_000 }),
    ).toMatchObject({
      ok: true,
      status: 200,
    });
    expect(
      await probeHttp({ url: `${server.url}/json/503`, conditions: up, timeoutMs: 5_000 }),
    ).toMatchObject({
      ok: false,
      symptom: "health_check_failures",
      detail: "HTTP 503: condition not met: [STATUS] (503) == 200; [BODY].status (DOWN) == UP",
      status: 503,
    });
  });

  it("keeps the 2xx rule unless a condition names [STATUS]", async () => {
    const body = conditions("[BODY].status == DOWN");
    expect(
      await probeHttp({ url: `${server.url}/json/503`, conditions: body, timeoutMs: 5_000 }),
    ).toMatchObject({
      ok: false,
      detail: "HTTP 503",
    });
    const accepting = conditions("[STATUS] == any(200, 503)");
    expect(
      await probeHttp({ url: `${server.url}/json/503`, conditions: accepting, timeoutMs: 5_000 }),
    ).toMatchObject({ ok: true });
  });

  it("reads a failed response-time condition as slowness, not a failure", async () => {
    const result = await probeHttp({
      url: `${server.url}/json/200`,
      conditions: conditions("[RESPONSE_TIME] < 0"),
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({
      ok: true,
      slowDetail: expect.stringMatching(/^condition not met: \[RESPONSE_TIME\] \(\d+\) < 0$/),
    });
  });

  it("does not judge a body past 1 MiB", async () => {
    const result = await probeHttp({
      url: `${server.url}/200`,
      conditions: conditions("[BODY] == pat(*z*)"),
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ ok: true });
    const endless = await probeHttp({
      url: `${server.url}/endless`,
      conditions: conditions("[BODY] == pat(*z*)"),
      timeoutMs: 5_000,
    });
    expect(endless).toMatchObject({ ok: false, detail: "HTTP 200: body over 1 MiB, not judged" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../../test/support/local-http-server.js";
import { freePort } from "../../../test/support/ports.js";
import { probeCheck } from "./check-kinds.js";

describe("probeCheck", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
  });
  afterAll(() => server.close());

  it("probes an http check over HTTP", async () => {
    const result = await probeCheck({ kind: "http", url: `${server.url}/healthz`, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: true, status: 204 });
    expect(server.received.at(-1)).toMatchObject({ method: "GET", path: "/healthz" });
  });

  it("probes a tcp check with a handshake only", async () => {
    const port = Number(new URL(server.url).port);
    const received = server.received.length;
    expect(await probeCheck({ kind: "tcp", host: "127.0.0.1", port, timeoutMs: 5_000 })).toMatchObject({
      ok: true,
    });
    expect(server.received).toHaveLength(received);
    const closed = await probeCheck({
      kind: "tcp",
      host: "127.0.0.1",
      port: await freePort(),
      timeoutMs: 5_000,
    });
    expect(closed).toMatchObject({ ok: false, symptom: "service_unavailable" });
  });
});

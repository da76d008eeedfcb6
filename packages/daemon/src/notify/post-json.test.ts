import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { freePort } from "../../test/support/ports.js";
import { postJson } from "./post-json.js";

describe("postJson", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((request, response) => {
      if (request.path === "/hang") return;
      response.statusCode = Number(request.path.slice(1));
      response.end();
    });
  });
  afterAll(() => server.close());

  it("POSTs the body as JSON and succeeds on 2xx", async () => {
    const outcome = await postJson(
      `${server.url}/204`,
      { incident: "inc-1", strike: 3 },
      { timeoutMs: 5_000 },
    );
    expect(outcome).toEqual({ kind: "success" });
    const request = server.received.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({ incident: "inc-1", strike: 3 });
  });

  it.each([500, 502, 503, 429, 408])("treats HTTP %i as retryable", async (status) => {
    expect(await postJson(`${server.url}/${status}`, {}, { timeoutMs: 5_000 })).toEqual({
      kind: "retryable",
      error: { code: "http_status", message: `HTTP ${status}` },
    });
  });

  it.each([400, 401, 404, 302])("treats HTTP %i as a failure", async (status) => {
    expect(await postJson(`${server.url}/${status}`, {}, { timeoutMs: 5_000 })).toEqual({
      kind: "failure",
      error: { code: "http_status", message: `HTTP ${status}` },
    });
  });

  it("treats a timeout as retryable", async () => {
    expect(await postJson(`${server.url}/hang`, {}, { timeoutMs: 200 })).toEqual({
      kind: "retryable",
      error: { code: "timeout", message: "timeout after 200ms" },
    });
  });

  it("treats a refused connection as retryable", async () => {
    const outcome = await postJson(`http://127.0.0.1:${await freePort()}/`, {}, { timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: "retryable", error: { code: "network" } });
  });

  it("fails without retry on a malformed URL", async () => {
    expect(await postJson("not a url", {}, { timeoutMs: 5_000 })).toMatchObject({
      kind: "failure",
      error: { code: "network" },
    });
  });

  it("fails without sending a body JSON cannot encode", async () => {
    const before = server.received.length;
    const outcome = await postJson(`${server.url}/204`, { count: 1n }, { timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: "failure", error: { code: "encoding" } });
    expect(server.received.length).toBe(before);
  });
});

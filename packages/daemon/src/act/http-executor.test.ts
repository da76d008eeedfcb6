import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "../../test/support/local-http-server.js";
import { runHttpRemedy } from "./http-executor.js";

describe("runHttpRemedy", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((request, response) => {
      const status = Number(request.path.slice(1).split("/")[0]);
      response.statusCode = Number.isInteger(status) && status >= 200 ? status : 200;
      response.end(request.path.endsWith("/big") ? "y".repeat(200_000) : `status ${response.statusCode}`);
    });
  });
  afterAll(() => server.close());

  it("sends the method, headers and body and treats 2xx as ok", async () => {
    const outcome = await runHttpRemedy({
      url: `${server.url}/202`,
      method: "POST",
      timeoutMs: 5_000,
      body: '{"action":"restart"}',
      headers: { "content-type": "application/json" },
    });
    expect(outcome).toMatchObject({ kind: "http", ok: true, status: 202, output: "status 202" });
    expect(server.received.at(-1)).toMatchObject({
      method: "POST",
      path: "/202",
      body: '{"action":"restart"}',
      headers: { "content-type": "application/json" },
    });
  });

  it.each([301, 404, 503])("treats HTTP %i as not ok but keeps the status", async (status) => {
    const outcome = await runHttpRemedy({ url: `${server.url}/${status}`, method: "GET", timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ ok: false, status, timedOut: false });
    expect(outcome.error).toBeUndefined();
  });

  it("caps a large response body", async () => {
    const outcome = await runHttpRemedy({
      url: `${server.url}/200/big`,
      method: "GET",
      timeoutMs: 5_000,
      outputCapBytes: 100,
    });
    expect(outcome).toMatchObject({
      ok: true,
      status: 200,
      output: "y".repeat(100),
      isOutputTruncated: true,
    });
  });

  it("reports an unparsable URL as a failed request", async () => {
    const outcome = await runHttpRemedy({ url: "not a url", method: "GET", timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ ok: false, status: null, error: { code: "request_failed" } });
  });
});

import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkDir, type OrbtdProcess, startOrbtd, writeBaseConfig } from "./support/orbtd-process.js";

let daemon: OrbtdProcess;

beforeAll(async () => {
  const dir = await makeWorkDir();
  daemon = await startOrbtd(await writeBaseConfig(dir));
});

afterAll(async () => {
  daemon.child.kill("SIGKILL");
  await daemon.exited;
});

async function post(path: string, body: string | Uint8Array) {
  const response = await fetch(`${daemon.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { code: string; message: string; path?: string } },
  };
}

/** The daemon answers before the upload ends, so read the status as soon as it arrives. */
function postOversized(path: string, bytes: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = httpRequest(`${daemon.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": bytes },
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on("error", () => resolve(undefined));
    request.end(Buffer.alloc(bytes, "x"));
  });
}

describe("bad input never crashes the daemon", () => {
  it("answers invalid JSON, wrong types and unknown incidents with 4xx and an error envelope", async () => {
    expect(await post("/api/v1/health", "{nope")).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_json" } },
    });
    expect(await post("/api/v1/health", "")).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_json" } },
    });
    expect(await post("/api/v1/health", JSON.stringify({ service: "web", status: "sad" }))).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_request", path: "status" } },
    });
    expect(await post("/api/v1/health", JSON.stringify({ service: "a/b", status: "ok" }))).toMatchObject({
      status: 400,
      body: { error: { path: "service" } },
    });
    expect(
      await post("/api/v1/health", JSON.stringify({ service: "x".repeat(129), status: "ok" })),
    ).toMatchObject({
      status: 400,
    });
    expect(await post("/api/v1/health", JSON.stringify([1, 2]))).toMatchObject({ status: 400 });
    expect(await post("/api/v1/incidents/inc-404/ack", "{}")).toMatchObject({
      status: 404,
      body: { error: { code: "not_found" } },
    });
    expect(await post("/api/v1/incidents/inc-404/resolve", '{"by": 5}')).toMatchObject({ status: 400 });
    expect(await postOversized("/api/v1/health", 2 * 1024 * 1024)).toBe(413);
    const badQuery = await fetch(`${daemon.url}/api/v1/incidents?state=sideways`);
    expect(badQuery.status).toBe(400);
    const unknown = await fetch(`${daemon.url}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
  });

  it("survives a bounded stream of random and mutated bodies on every endpoint", async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const valid = JSON.stringify({ service: "fuzz", status: "degraded", detail: "ok" });
    const paths = ["/api/v1/health", "/api/v1/incidents/inc-1/ack", "/api/v1/incidents/inc-1/resolve"];
    for (let i = 0; i < 150; i += 1) {
      const bytes = new TextEncoder().encode(valid);
      const mutated = bytes.map((byte) => (random() < 0.1 ? Math.floor(random() * 256) : byte));
      const body =
        random() < 0.3 ? crypto.getRandomValues(new Uint8Array(Math.floor(random() * 300))) : mutated;
      const { status } = await post(paths[i % paths.length]!, body);
      expect(status, `request ${i}`).toBeLessThan(500);
    }
    const healthz = await fetch(`${daemon.url}/healthz`);
    expect(healthz.status).toBe(200);
    expect(daemon.child.exitCode).toBeNull();
  });
});

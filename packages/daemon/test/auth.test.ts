import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { makeWorkDir, type OrbtdProcess, startOrbtd, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";

let daemon: OrbtdProcess;

beforeAll(async () => {
  const dir = await makeWorkDir();
  daemon = await startOrbtd(
    await writeConfig(
      dir,
      `listen: 127.0.0.1:${await freePort()}
data_dir: ${JSON.stringify(join(dir, "data"))}
otlp: false
tokens:
  - { name: grafana, token: view-secret, role: viewer }
  - { name: app, token: report-secret, role: reporter }
  - { name: ana, token: operate-secret, role: operator }
`,
    ),
  );
});

afterAll(async () => {
  daemon.child.kill("SIGKILL");
  await daemon.exited;
});

function call(path: string, token?: string, body?: unknown) {
  return fetch(`${daemon.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("bearer tokens with roles", () => {
  it("requires a valid token for the API, but not for /healthz", async () => {
    expect((await call("/healthz")).status).toBe(200);
    const missing = await call("/api/v1/status");
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await call("/api/v1/status", "wrong")).status).toBe(401);
    expect((await call("/api/v1/status", "view-secret")).status).toBe(200);
    expect((await call("/prometheus/api/v1/query?query=1", "view-secret")).status).toBe(200);
  });

  it("lets a reporter push health but not act on incidents, and an operator act", async () => {
    const failing = { service: "api", status: "failing" };
    expect((await call("/api/v1/health", "view-secret", failing)).status).toBe(403);
    expect((await call("/api/v1/health", "report-secret", failing)).status).toBe(202);
    expect((await call("/api/v1/incidents/inc-1/ack", "report-secret", {})).status).toBe(403);
    const acked = await call("/api/v1/incidents/inc-1/ack", "operate-secret", {});
    expect(acked.status).toBe(200);
    expect(await acked.json()).toMatchObject({ incident: { acknowledgedBy: "ana" } });
  });

  it("refuses a stream without a token and serves one with", async () => {
    const streamUrl = `${daemon.url.replace("http", "ws")}/api/v1/stream`;
    const refused = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(streamUrl);
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode));
      socket.on("open", () => resolve(101));
    });
    expect(refused).toBe(401);
    const frame = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(streamUrl, { headers: { authorization: "Bearer view-secret" } });
      socket.on("message", (data: Buffer) => {
        resolve(JSON.parse(data.toString()).type);
        socket.close();
      });
      socket.on("error", reject);
    });
    expect(frame).toBe("snapshot");
  });
});

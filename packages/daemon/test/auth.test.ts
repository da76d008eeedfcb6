import { join } from "node:path";
import { compress } from "snappyjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { makeWorkDir, type OrbtdProcess, startOrbtd, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";

let daemon: OrbtdProcess;
let otlpUrl: string;

beforeAll(async () => {
  const dir = await makeWorkDir();
  const otlpPort = await freePort();
  otlpUrl = `http://127.0.0.1:${otlpPort}`;
  daemon = await startOrbtd(
    await writeConfig(
      dir,
      `listen: 127.0.0.1:${await freePort()}
data_dir: ${JSON.stringify(join(dir, "data"))}
otlp: { listen: 127.0.0.1:${otlpPort} }
tokens:
  - { name: grafana, token: view-secret, role: viewer }
  - { name: app, token: report-secret, role: reporter }
  - { name: ana, token: operate-secret, role: operator }
  - { name: root, token: admin-secret, role: admin }
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

  it("holds every route of the daemon to the role it declares", async () => {
    const alertmanagerWebhook = JSON.stringify({
      version: "4",
      groupKey: "{}",
      status: "firing",
      receiver: "orbt",
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: "http://alertmanager",
      alerts: [],
    });
    const requests: Record<string, { readonly url: string; readonly init: RequestInit }> = {
      "GET /api/v1/status": { url: `${daemon.url}/api/v1/status`, init: {} },
      "POST /v1/metrics": {
        url: `${otlpUrl}/v1/metrics`,
        init: {
          method: "POST",
          headers: { "content-type": "application/x-protobuf" },
          body: new Uint8Array(),
        },
      },
      "POST /prometheus/api/v1/write": {
        url: `${daemon.url}/prometheus/api/v1/write`,
        init: {
          method: "POST",
          headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
          body: compress(new Uint8Array()),
        },
      },
      "POST /api/v1/alerts/alertmanager": {
        url: `${daemon.url}/api/v1/alerts/alertmanager`,
        init: { method: "POST", headers: { "content-type": "application/json" }, body: alertmanagerWebhook },
      },
      "POST /api/v1/incidents/inc-404/ack": {
        url: `${daemon.url}/api/v1/incidents/inc-404/ack`,
        init: { method: "POST", body: "{}" },
      },
      "POST /api/v1/incidents/inc-404/approve": {
        url: `${daemon.url}/api/v1/incidents/inc-404/approve`,
        init: { method: "POST", body: "{}" },
      },
      "POST /api/v1/incidents/inc-404/deny": {
        url: `${daemon.url}/api/v1/incidents/inc-404/deny`,
        init: { method: "POST", body: "{}" },
      },
      "GET /api/v1/automation": { url: `${daemon.url}/api/v1/automation`, init: {} },
      "POST /api/v1/automation/pause": {
        url: `${daemon.url}/api/v1/automation/pause`,
        init: { method: "POST", body: "{}" },
      },
      "POST /api/v1/automation/resume": {
        url: `${daemon.url}/api/v1/automation/resume`,
        init: { method: "POST", body: "{}" },
      },
      "POST /prometheus/api/v1/query": {
        url: `${daemon.url}/prometheus/api/v1/query`,
        init: {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "query=1",
        },
      },
      "POST /prometheus/api/v1/query_exemplars": {
        url: `${daemon.url}/prometheus/api/v1/query_exemplars`,
        init: {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "query=up",
        },
      },
      "DELETE /api/v1/silences/1": { url: `${daemon.url}/api/v1/silences/1`, init: { method: "DELETE" } },
    };
    const table: [string, string | undefined, number][] = [
      ["GET /api/v1/status", undefined, 401],
      ["GET /api/v1/status", "wrong-secret", 401],
      ["GET /api/v1/status", "view-secret", 200],
      ["POST /v1/metrics", "view-secret", 403],
      ["POST /v1/metrics", "report-secret", 200],
      ["POST /prometheus/api/v1/write", "view-secret", 403],
      ["POST /prometheus/api/v1/write", "report-secret", 204],
      ["POST /api/v1/alerts/alertmanager", "view-secret", 403],
      ["POST /api/v1/alerts/alertmanager", "report-secret", 200],
      ["POST /api/v1/incidents/inc-404/ack", "report-secret", 403],
      ["POST /api/v1/incidents/inc-404/ack", "operate-secret", 404],
      ["POST /api/v1/incidents/inc-404/approve", "view-secret", 403],
      ["POST /api/v1/incidents/inc-404/approve", "operate-secret", 404],
      ["POST /api/v1/incidents/inc-404/deny", "report-secret", 403],
      ["POST /api/v1/incidents/inc-404/deny", "operate-secret", 404],
      ["GET /api/v1/automation", "view-secret", 200],
      ["POST /api/v1/automation/pause", "view-secret", 403],
      ["POST /api/v1/automation/pause", "report-secret", 403],
      ["POST /api/v1/automation/resume", "report-secret", 403],
      // Resuming what is not paused changes nothing; the operator may do it.
      ["POST /api/v1/automation/resume", "operate-secret", 200],
      ["POST /prometheus/api/v1/query", "view-secret", 200],
      ["POST /prometheus/api/v1/query_exemplars", "view-secret", 200],
      ["DELETE /api/v1/silences/1", undefined, 401],
      ["DELETE /api/v1/silences/1", "view-secret", 403],
      ["DELETE /api/v1/silences/1", "operate-secret", 404],
    ];
    for (const [name, token, status] of table) {
      const { url, init } = requests[name]!;
      const headers = new Headers(init.headers);
      if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
      const response = await fetch(url, { ...init, headers });
      expect(response.status, `${name} with ${token}`).toBe(status);
      if (status === 401) {
        expect(response.headers.get("www-authenticate")).toBe('Bearer realm="orbt"');
        expect(await response.json()).toEqual({
          error: { code: "unauthorized", message: expect.any(String) },
        });
      }
    }
  });

  it("names the token and role in a 403 but never echoes the secret", async () => {
    const response = await fetch(`${otlpUrl}/v1/logs`, {
      method: "POST",
      headers: { authorization: "Bearer view-secret", "content-type": "application/x-protobuf" },
      body: new Uint8Array(),
    });
    const text = await response.text();
    expect(text).toContain('token \\"grafana\\" has role viewer; this request needs reporter');
    expect(text).not.toContain("view-secret");
  });
});

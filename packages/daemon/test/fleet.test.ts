import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import type { HostFrame, HostsResponse, IncidentsResponse, StatusResponse } from "@orbt/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { flakyServiceConfig } from "./support/config-yaml.js";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { startLocalHttpServer } from "./support/local-http-server.js";
import { natsLookup } from "./support/nats-peer.js";
import {
  getJson,
  killAfterEach,
  makeWorkDir,
  writeBaseConfig,
  writeConfig,
} from "./support/orbtd-process.js";
import { describeWithPeers } from "./support/peers.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();
let service: FlakyService | undefined;
const closers: (() => unknown)[] = [];

afterEach(async () => {
  await service?.close();
  for (const close of closers.splice(0)) await close();
});

const OUTAGE_MS = 60_000;
const CATCH_UP_MS = 15_000;
const VIEWER = "viewer-secret";
const REPORTER = "reporter-secret";
const CENTRAL_TOKENS = `tokens:
  - { name: ops, token: ${VIEWER}, role: viewer }
  - { name: web, token: ${REPORTER}, role: reporter, hosts: [web-1] }
`;

/** What a host's outbox holds: its last seq, and how many the central daemon has not acknowledged. */
function readOutbox(dataDir: string): { lastSeq: number; pending: number } {
  const db = new Database(join(dataDir, "orbt.db"), { readonly: true });
  try {
    const row = db
      .prepare(
        "select coalesce(max(seq), 0) as lastSeq, count(*) - count(acked_at) as pending from upstream_outbox",
      )
      .get() as { lastSeq: number; pending: number };
    return row;
  } finally {
    db.close();
  }
}

/** The host's incidents as its own API lists them: id, state and resolution. */
async function listIncidents(url: string, token?: string, host?: string) {
  const query = host === undefined ? "" : `?host=${host}`;
  const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents${query}`, token);
  return incidents.map(({ id, state, resolution }) => ({ id, state, resolution }));
}

/** Fails the service until a remedy heals it and the host resolves the incident: one incident more. */
async function produceIncident(hostUrl: string, count: number): Promise<void> {
  const flaky = service;
  if (flaky === undefined) throw new Error("no service");
  const heals = flaky.counts.heals;
  await flaky.setMode("failing");
  await waitFor("the remedy to heal the service", () => (flaky.counts.heals > heals ? true : undefined));
  await waitFor(`incident ${count} resolved on the host`, async () => {
    const incidents = await listIncidents(hostUrl);
    return incidents.length === count && incidents.every((each) => each.state === "resolved")
      ? true
      : undefined;
  });
}

/** Collects the central daemon's `host` frames from its stream. */
async function collectHostFrames(centralUrl: string): Promise<HostFrame[]> {
  const frames: HostFrame[] = [];
  const ws = new WebSocket(`${centralUrl.replace("http", "ws")}/api/v1/stream`, {
    headers: { authorization: `Bearer ${VIEWER}` },
  });
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data)) as { type: string };
    if (frame.type === "host") frames.push(frame as HostFrame);
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  closers.push(() => ws.close());
  return frames;
}

/** A door in front of the central daemon: while shut, connections are cut as if it were unreachable. */
async function startDoor(targetUrl: string) {
  const target = new URL(targetUrl);
  let isOpen = true;
  const server = await startLocalHttpServer((received, response) => {
    if (!isOpen) {
      response.socket?.destroy();
      return;
    }
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        path: received.path,
        method: received.method,
        headers: received.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.socket?.destroy());
    forwarded.end(received.body);
  });
  closers.push(() => server.close());
  return {
    url: server.url,
    shut: () => {
      isOpen = false;
    },
    open: () => {
      isOpen = true;
    },
  };
}

async function startHost(dir: string, upstream: string) {
  service = await startFlakyService("ok");
  const dataDir = join(dir, "data");
  const config = await writeConfig(
    dir,
    flakyServiceConfig({
      port: await freePort(),
      dataDir,
      healthUrl: service.healthUrl,
      controlUrl: service.controlUrl,
      remedies: [{ solution: "service_restart", action: "heal" }],
      // No cooldown and room for many runs: the service breaks and is healed again and again.
      extra: `host: web-1\n${upstream}automation: { cooldown: 0s, max_runs: { count: 100, window: 1h }, budget: { actions: 100, window: 1h }, flapping: { changes: 100, window: 1m } }\n`,
    }),
  );
  return { host: await daemons.start(config), dataDir };
}

async function waitForCentral(
  centralUrl: string,
  dataDir: string,
  incidents: number,
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(
    "the central daemon to hold everything the host sent",
    async () => {
      const { lastSeq, pending } = readOutbox(dataDir);
      const { hosts } = await getJson<HostsResponse>(`${centralUrl}/api/v1/hosts`, VIEWER);
      const host = hosts.find((each) => each.host === "web-1");
      const forwarded = await listIncidents(centralUrl, VIEWER, "web-1");
      return pending === 0 && host?.lastSeq === lastSeq && forwarded.length === incidents ? true : undefined;
    },
    timeoutMs,
  );
}

async function readUpstreamStatus(hostUrl: string) {
  return (await getJson<StatusResponse>(`${hostUrl}/api/v1/status`)).upstream;
}

/** Host frames travel on their own socket: wait for them to have caught up with what the API says. */
async function waitForFrames(frames: readonly HostFrame[], lastSeq: number): Promise<void> {
  await waitFor(`host frames up to seq ${lastSeq}`, () =>
    (frames.at(-1)?.seq ?? 0) >= lastSeq ? true : undefined,
  );
}

describe("a host reporting to a central daemon over HTTP", () => {
  it("buffers while the central daemon is unreachable and delivers every message once, in order", async () => {
    const centralDir = await makeWorkDir();
    const central = await daemons.start(
      await writeBaseConfig(centralDir, `host: central\n${CENTRAL_TOKENS}`),
    );
    const door = await startDoor(central.url);
    const frames = await collectHostFrames(central.url);
    const hostDir = await makeWorkDir();
    await writeFile(join(hostDir, "upstream-token"), `${REPORTER}\n`);
    const { host, dataDir } = await startHost(
      hostDir,
      `upstream:\n  url: ${door.url}\n  token_file: ${join(hostDir, "upstream-token")}\n`,
    );
    // Where the host stands is reported at its start, before anything happens on it.
    await waitFor("the host's standing at the central daemon", async () => {
      const { hosts } = await getJson<HostsResponse>(`${central.url}/api/v1/hosts`, VIEWER);
      return hosts.find((each) => each.host === "web-1")?.services.length === 1 ? true : undefined;
    });

    await produceIncident(host.url, 1);
    await waitForCentral(central.url, dataDir, 1);
    const beforeOutage = readOutbox(dataDir).lastSeq;
    await waitForFrames(frames, beforeOutage);

    door.shut();
    const atShut = readOutbox(dataDir).lastSeq;
    await produceIncident(host.url, 2);
    await produceIncident(host.url, 3);
    // Kept in the host's own store while nobody answers; nothing written since the door shut got through.
    expect(readOutbox(dataDir).pending).toBeGreaterThan(0);
    expect(frames.at(-1)?.seq).toBeLessThanOrEqual(atShut);
    const cutOff = await readUpstreamStatus(host.url);
    expect(cutOff?.outboxDepth).toBe(readOutbox(dataDir).pending);
    expect(cutOff?.failures).toBeGreaterThan(0);
    expect(cutOff?.lastError).not.toBeNull();

    door.open();
    await waitForCentral(central.url, dataDir, 3);
    expect(await readUpstreamStatus(host.url)).toEqual({
      transport: "http",
      outboxDepth: 0,
      failures: 0,
      lastError: null,
    });
    expect(await (await fetch(`${host.url}/metrics`)).text()).toMatch(/^orbt_upstream_outbox_depth 0$/m);
    const { lastSeq } = readOutbox(dataDir);
    await waitForFrames(frames, lastSeq);
    expect(frames.map((frame) => frame.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(frames.every((frame) => frame.host === "web-1")).toBe(true);
    expect(await listIncidents(central.url, VIEWER, "web-1")).toEqual(await listIncidents(host.url));
    const everyHost = await getJson<IncidentsResponse>(`${central.url}/api/v1/incidents?host=*`, VIEWER);
    expect(everyHost.incidents.map(({ id, host: name }) => ({ id, host: name }))).toEqual(
      (await listIncidents(host.url)).map(({ id }) => ({ id, host: "web-1" })),
    );
    const paged = await fetch(`${central.url}/api/v1/incidents?host=*&after=${everyHost.incidents[0]?.id}`, {
      headers: { authorization: `Bearer ${VIEWER}` },
    });
    expect(paged.status).toBe(400);

    const { hosts } = await getJson<HostsResponse>(`${central.url}/api/v1/hosts`, VIEWER);
    expect(hosts.map(({ host: name, isLocal }) => ({ name, isLocal }))).toEqual([
      { name: "central", isLocal: true },
      { name: "web-1", isLocal: false },
    ]);
    expect(hosts[1]?.services).toEqual([{ name: "web", status: "GREEN" }]);
  });

  it("a host cut off from its central daemon for a minute delivers everything once, in order, soon after it returns", async () => {
    const centralDir = await makeWorkDir();
    const centralConfig = await writeBaseConfig(centralDir, `host: central\n${CENTRAL_TOKENS}`);
    let central = await daemons.start(centralConfig);
    const door = await startDoor(central.url);
    const { host, dataDir } = await startHost(
      await makeWorkDir(),
      `upstream:\n  url: ${door.url}\n  token: ${REPORTER}\n  max_backoff: 2s\n`,
    );
    await produceIncident(host.url, 1);
    await waitForCentral(central.url, dataDir, 1);
    const beforeOutage = readOutbox(dataDir).lastSeq;

    central.child.kill("SIGKILL");
    await central.exited;
    const cutAt = Date.now();
    let incidents = 1;
    while (Date.now() - cutAt < OUTAGE_MS) {
      incidents += 1;
      await produceIncident(host.url, incidents);
    }
    expect(readOutbox(dataDir).pending).toBeGreaterThan(0);

    // Back, but still cut off until its stream is watched, so every frame of the catch-up is seen.
    door.shut();
    central = await daemons.start(centralConfig);
    const frames = await collectHostFrames(central.url);
    door.open();
    // With the default 30 s cap a minute's retries would be waiting up to 30 s by now; 2 s brings it within this.
    await waitForCentral(central.url, dataDir, incidents, CATCH_UP_MS);
    const { lastSeq } = readOutbox(dataDir);
    await waitForFrames(frames, lastSeq);
    expect(frames.map((frame) => frame.seq)).toEqual(
      Array.from({ length: lastSeq - beforeOutage }, (_, i) => beforeOutage + i + 1),
    );
    expect(await listIncidents(central.url, VIEWER, "web-1")).toEqual(await listIncidents(host.url));
  }, 180_000);

  it("refuses a batch from a token without the reporter role, or for a host its token is not bound to", async () => {
    const dir = await makeWorkDir();
    const central = await daemons.start(await writeBaseConfig(dir, `host: central\n${CENTRAL_TOKENS}`));
    const post = (token: string, host: string) =>
      fetch(`${central.url}/api/v1/upstream/batches`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ host, messages: [{ seq: 1, at: 0, records: [] }] }),
      });
    expect((await post(VIEWER, "web-1")).status).toBe(403);
    const other = await post(REPORTER, "web-2");
    expect([other.status, await other.json()]).toEqual([
      403,
      {
        error: {
          code: "forbidden",
          message: 'token "web" may report only as "web-1", not as "web-2"',
          path: "host",
        },
      },
    ]);
    const { hosts } = await getJson<HostsResponse>(`${central.url}/api/v1/hosts`, VIEWER);
    expect(hosts.map((each) => each.host)).toEqual(["central"]);
    expect((await post(REPORTER, "web-1")).status).toBe(200);
  });
});

describeWithPeers({ nats: natsLookup }, "a host reporting to a central daemon over JetStream", ({ nats }) => {
  it("keeps publishing while the central daemon is down, which applies every message once when it returns", async () => {
    const unique = `t${process.pid}x${Date.now()}`;
    const subject = `orbt.fleettest.${unique}`;
    const centralDir = await makeWorkDir();
    const centralConfig = await writeBaseConfig(
      centralDir,
      `host: central\n${CENTRAL_TOKENS}fleet:\n  nats: ${nats}\n  subject: ${subject}\n  stream: FLEET_${unique}\n  durable: central_${unique}\n`,
    );
    let central = await daemons.start(centralConfig);
    const frames = await collectHostFrames(central.url);
    const { host, dataDir } = await startHost(
      await makeWorkDir(),
      `upstream:\n  nats: ${nats}\n  subject: ${subject}\n`,
    );
    closers.push(() => deleteStream(nats, `FLEET_${unique}`));

    await produceIncident(host.url, 1);
    await waitForCentral(central.url, dataDir, 1);
    const beforeOutage = readOutbox(dataDir).lastSeq;
    await waitForFrames(frames, beforeOutage);
    expect(frames.map((frame) => frame.seq)).toEqual(Array.from({ length: beforeOutage }, (_, i) => i + 1));

    central.child.kill("SIGKILL");
    await central.exited;
    await produceIncident(host.url, 2);
    await produceIncident(host.url, 3);
    // The stream holds them now: the host's outbox empties though the central daemon is down.
    await waitFor("the host's outbox published to the stream", () =>
      readOutbox(dataDir).pending === 0 ? true : undefined,
    );
    expect(readOutbox(dataDir).lastSeq).toBeGreaterThan(beforeOutage);

    central = await daemons.start(centralConfig);
    await waitForCentral(central.url, dataDir, 3);
    expect(await listIncidents(central.url, VIEWER, "web-1")).toEqual(await listIncidents(host.url));
    const db = new Database(join(centralDir, "data", "orbt.db"), { readonly: true });
    const applied = db.prepare("select host, last_seq as lastSeq from fleet_hosts").all();
    db.close();
    expect(applied).toEqual([{ host: "web-1", lastSeq: readOutbox(dataDir).lastSeq }]);
  });
});

async function deleteStream(url: string, stream: string): Promise<void> {
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const connection = await connect({ servers: url });
  await (await jetstreamManager(connection)).streams.delete(stream).catch(() => undefined);
  await connection.close();
}

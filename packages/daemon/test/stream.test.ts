import { type EngineState, type EventFrame, StreamFrame, step } from "@orbt/core";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { killAfterEach, makeWorkDir, writeBaseConfig } from "./support/orbtd-process.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();

type Client = { frames: StreamFrame[]; socket: WebSocket; closed: Promise<void> };

async function connect(url: string): Promise<Client> {
  const socket = new WebSocket(url);
  const frames: StreamFrame[] = [];
  socket.on("message", (data: Buffer) => frames.push(StreamFrame.parse(JSON.parse(data.toString()))));
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return { frames, socket, closed };
}

async function report(base: string, service: string, status: string): Promise<void> {
  const response = await fetch(`${base}/api/v1/health`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service, status }),
  });
  expect(response.status).toBe(202);
}

async function startDaemon(): Promise<{ base: string; streamUrl: string }> {
  const daemon = await daemons.start(await writeBaseConfig(await makeWorkDir()));
  return { base: daemon.url, streamUrl: `${daemon.url.replace("http", "ws")}/api/v1/stream` };
}

describe("the WebSocket stream", () => {
  it("sends a snapshot then ordered events, and resumes with since without gaps or duplicates", async () => {
    const { base, streamUrl } = await startDaemon();

    const live = await connect(streamUrl);
    await waitFor("snapshot", async () => live.frames[0]);
    const snapshot = live.frames[0]!;
    expect(snapshot.type).toBe("snapshot");
    if (snapshot.type !== "snapshot") throw new Error("unreachable");

    await report(base, "api", "failing");
    await report(base, "worker", "failing");
    await waitFor("two events", async () => (live.frames.length >= 3 ? true : undefined));
    const firstEvents = live.frames.slice(1) as EventFrame[];
    expect(firstEvents.map((frame) => frame.seq)).toEqual([snapshot.seq + 1, snapshot.seq + 2]);
    const lastSeen = firstEvents.at(-1)!.seq;
    live.socket.close();
    await live.closed;

    // Events the client misses while away arrive on resume, in order, once each.
    await report(base, "api", "ok");
    await report(base, "batch", "degraded");
    await report(base, "worker", "ok");
    const resumed = await connect(`${streamUrl}?since=${lastSeen}`);
    await waitFor("missed events", async () => (resumed.frames.length >= 3 ? true : undefined));
    await report(base, "api", "failing");
    await waitFor("live event after resume", async () => (resumed.frames.length >= 4 ? true : undefined));
    const resumedEvents = resumed.frames as EventFrame[];
    expect(resumedEvents.every((frame) => frame.type === "event")).toBe(true);
    expect(resumedEvents.map((frame) => frame.seq)).toEqual([
      lastSeen + 1,
      lastSeen + 2,
      lastSeen + 3,
      lastSeen + 4,
    ]);
    expect(resumedEvents.map((frame) => frame.event.type)).toEqual([
      "HealthReported",
      "HealthReported",
      "HealthReported",
      "HealthReported",
    ]);

    // Applying the frames to the snapshot gives the state a fresh snapshot shows.
    let state: EngineState = snapshot.state;
    for (const frame of [...firstEvents, ...resumedEvents]) state = step(state, frame.event, frame.at).state;
    resumed.socket.close();
    const fresh = await connect(streamUrl);
    await waitFor("fresh snapshot", async () => fresh.frames[0]);
    const freshSnapshot = fresh.frames[0]!;
    if (freshSnapshot.type !== "snapshot") throw new Error("expected a snapshot");
    expect(freshSnapshot.seq).toBe(lastSeen + 4);
    expect(freshSnapshot.state).toEqual(state);
    // api failed again while its escalated incident was still waiting out its clear window: it rejoins it.
    expect(Object.keys(state.incidents)).toEqual(["inc-1", "inc-2"]);
    expect(state.incidents["inc-1"]?.activeSources).toEqual(["health"]);
    expect(state.services.batch?.isDiscovered).toBe(true);
    fresh.socket.close();

    // A client that saw a longer journal (another data dir) is given a snapshot, not silence.
    const ahead = await connect(`${streamUrl}?since=${lastSeen + 1000}`);
    await waitFor("snapshot for a client ahead", async () => ahead.frames[0]);
    expect(ahead.frames[0]).toMatchObject({ type: "snapshot", seq: lastSeen + 4 });
    ahead.socket.close();
  });

  it("gives every client, live or resuming, each seq once and in order while events arrive in bursts", async () => {
    const { base, streamUrl } = await startDaemon();
    const live = await Promise.all(Array.from({ length: 8 }, () => connect(streamUrl)));
    await waitFor("snapshots", async () =>
      live.every((client) => client.frames.length > 0) ? true : undefined,
    );
    const start = live[0]!.frames[0]!.seq;

    // Concurrent reports are journaled back to back, so several frames leave in one loop turn.
    const burst = (status: string) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => report(base, `svc-${i}`, status)));
    await burst("failing");
    const resuming = await Promise.all([
      connect(`${streamUrl}?since=${start}`),
      connect(`${streamUrl}?since=${start + 5}`),
    ]);
    await burst("ok");
    await burst("failing");
    // Each of the 30 reports changes a service's health: one journaled event each.
    const last = start + 30;

    const seqsOf = (client: Client) =>
      client.frames.filter((frame) => frame.type === "event").map((frame) => frame.seq);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    await waitFor("every frame at every client", async () =>
      [...live, ...resuming].every((client) => seqsOf(client).at(-1) === last) ? true : undefined,
    );
    for (const client of live) expect(seqsOf(client)).toEqual(range(start + 1, last));
    expect(seqsOf(resuming[0]!)).toEqual(range(start + 1, last));
    expect(seqsOf(resuming[1]!)).toEqual(range(start + 6, last));
    for (const client of [...live, ...resuming]) client.socket.close();
  });

  it("does not compress frames even for a client that offers permessage-deflate", async () => {
    const { streamUrl } = await startDaemon();
    const socket = new WebSocket(streamUrl, {
      perMessageDeflate: true,
    });
    const accepted = await new Promise<string | undefined>((resolve, reject) => {
      socket.on("upgrade", (response) => resolve(response.headers["sec-websocket-extensions"]));
      socket.once("error", reject);
    });
    expect(accepted).toBeUndefined();
    socket.close();
  });

  it("refuses a malformed since with 400 and keeps serving", async () => {
    const { base, streamUrl } = await startDaemon();
    const socket = new WebSocket(`${streamUrl}?since=abc`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode));
      socket.on("error", () => resolve(undefined));
    });
    expect(status).toBe(400);
    const healthz = await fetch(`${base}/healthz`);
    expect(healthz.status).toBe(200);
  });
});

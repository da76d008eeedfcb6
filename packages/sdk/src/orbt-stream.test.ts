import { type EngineState, step } from "@orbt/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SCENARIO, scenarioState } from "../test/support/uptime-scenario.js";
import { type FakeDaemon, startFakeDaemon } from "./fake-daemon.js";
import { type OrbtStream, type OrbtStreamError, openStream, type StreamStatus } from "./orbt-stream.js";

let daemon: FakeDaemon;
const streams: OrbtStream[] = [];

beforeEach(async () => {
  daemon = await startFakeDaemon({ state: scenarioState(), token: "s3cret" });
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await daemon.close();
});

type Observed = { stream: OrbtStream; seqs: number[]; errors: OrbtStreamError[]; statuses: StreamStatus[] };

function observe(): Observed {
  const stream = openStream({ baseUrl: daemon.url, token: "s3cret", initialDelayMs: 5, maxDelayMs: 40 });
  streams.push(stream);
  const observed: Observed = { stream, seqs: [], errors: [], statuses: [] };
  stream.onEvent((frame) => observed.seqs.push(frame.seq));
  stream.onError((error) => observed.errors.push(error));
  stream.onStatusChange((status) => observed.statuses.push(status));
  return observed;
}

function uninterruptedState(): EngineState {
  return SCENARIO.reduce((state, { at, event }) => step(state, event, at).state, scenarioState());
}

function publish(from: number, to: number): void {
  for (const { at, event } of SCENARIO.slice(from, to)) daemon.publish(event, at);
}

const streamUrls = () => daemon.requests.filter((r) => r.url.startsWith("/api/v1/stream")).map((r) => r.url);

describe("openStream", () => {
  it("starts from the snapshot and applies live events in order", async () => {
    publish(0, 2);
    const { stream, seqs } = observe();
    const states: number[] = [];
    stream.onState((_state, seq) => states.push(seq));
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(2));
    publish(2, SCENARIO.length);
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(SCENARIO.length));
    expect(seqs).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(states).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stream.getState()).toEqual(uninterruptedState());
    expect(stream.getStatus()).toBe("connected");
    // api's incident was fixed: it left the state for the history, which counts it with web's escalation.
    expect(Object.keys(stream.getState()?.incidents ?? {})).toEqual(["inc-1"]);
    expect(stream.getHistory()).toEqual(daemon.getHistory());
    expect(stream.getHistory()?.recentResolved.map((incident) => incident.id)).toEqual(["inc-2"]);
    expect(stream.getHistory()?.counts).toEqual({ remediedAtStrike1: 1, remediedAtStrike2: 0, escalated: 1 });
  });

  it("resumes with ?since after a drop and ends in the same state as an uninterrupted stream", async () => {
    const dropped = observe();
    await vi.waitFor(() => expect(dropped.stream.getStatus()).toBe("connected"));
    publish(0, 3);
    await vi.waitFor(() => expect(dropped.stream.getLastSeq()).toBe(3));

    daemon.dropConnections();
    publish(3, 5); // published while the client is away: must come back through the replay
    await vi.waitFor(() => expect(dropped.stream.getLastSeq()).toBe(5));
    daemon.dropConnections();
    publish(5, SCENARIO.length);
    await vi.waitFor(() => expect(dropped.stream.getLastSeq()).toBe(SCENARIO.length));

    expect(streamUrls()).toEqual(["/api/v1/stream", "/api/v1/stream?since=3", "/api/v1/stream?since=5"]);
    expect(dropped.seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(dropped.stream.getState()).toEqual(uninterruptedState());
    expect(dropped.stream.getState()).toEqual(daemon.getState());
    expect(dropped.stream.getHistory()).toEqual(daemon.getHistory());
    expect(dropped.statuses).toEqual(["connected", "reconnecting", "connected", "reconnecting", "connected"]);
    expect(dropped.errors).toEqual([]);
  });

  it("adopts the snapshot a restarted daemon with a shorter journal sends on resume", async () => {
    const { stream, errors } = observe();
    publish(0, SCENARIO.length);
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(SCENARIO.length));
    const port = Number(new URL(daemon.url).port);
    await daemon.close();
    daemon = await startFakeDaemon({ state: scenarioState(), token: "s3cret", port });
    publish(0, 2);
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(2));
    expect(stream.getState()).toEqual(daemon.getState());
    expect(streamUrls()).toEqual([`/api/v1/stream?since=${SCENARIO.length}`]);
    expect(errors.every((error) => error.code === "connection_error")).toBe(true);
  });

  it("ignores a replayed event it already applied", async () => {
    const { stream, seqs, errors } = observe();
    await vi.waitFor(() => expect(stream.getStatus()).toBe("connected"));
    const first = daemon.publish(SCENARIO[0]!.event, SCENARIO[0]!.at);
    daemon.sendRaw(JSON.stringify(first));
    publish(1, 2);
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(2));
    expect(seqs).toEqual([1, 2]);
    expect(errors).toEqual([]);
  });

  it("hands host frames to onHost without moving the journal's seq", async () => {
    const { stream, seqs, errors } = observe();
    const hosts: [string, number][] = [];
    stream.onHost((frame) => hosts.push([frame.host, frame.seq]));
    await vi.waitFor(() => expect(stream.getStatus()).toBe("connected"));
    publish(0, 1);
    daemon.sendRaw(JSON.stringify({ type: "host", host: "web-1", seq: 17, at: 0, records: [] }));
    publish(1, 2);
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(2));
    expect(hosts).toEqual([["web-1", 17]]);
    expect(seqs).toEqual([1, 2]);
    expect(errors).toEqual([]);
  });

  it("on a seq gap reports it and refetches a snapshot by reconnecting without since", async () => {
    const { stream, errors } = observe();
    const stateSeqs: number[] = [];
    stream.onState((_state, seq) => stateSeqs.push(seq));
    await vi.waitFor(() => expect(stream.getStatus()).toBe("connected"));
    publish(0, 1);
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(1));
    const { at, event } = SCENARIO[1]!;
    daemon.sendRaw(JSON.stringify({ type: "event", seq: 3, at, event }));
    await vi.waitFor(() => expect(stateSeqs).toEqual([0, 1, 1]));
    expect(errors.map((error) => error.code)).toEqual(["seq_gap"]);
    expect(streamUrls()).toEqual(["/api/v1/stream", "/api/v1/stream"]);
    expect(stream.getState()).toEqual(daemon.getState());
  });

  it("reports invalid frames through onError and keeps streaming", async () => {
    const { stream, errors } = observe();
    await vi.waitFor(() => expect(stream.getStatus()).toBe("connected"));
    daemon.sendRaw("not json {");
    daemon.sendRaw(JSON.stringify({ type: "event", seq: 1, at: 5, event: { type: "Exploded" } }));
    publish(0, 1);
    await vi.waitFor(() => expect(stream.getLastSeq()).toBe(1));
    expect(errors.map((error) => error.code)).toEqual(["invalid_frame", "invalid_frame"]);
    expect(errors[1]?.message).toContain("event.type");
  });

  it("reports a throwing listener instead of throwing into the host", async () => {
    const { stream, errors } = observe();
    stream.onState(() => {
      throw new Error("host bug");
    });
    await vi.waitFor(() => expect(errors.map((error) => error.code)).toEqual(["listener_failed"]));
    expect(errors[0]?.message).toContain("host bug");
    expect(stream.getLastSeq()).toBe(0);
  });

  it("drops and reconnects a socket that stops answering pings", async () => {
    await daemon.close();
    daemon = await startFakeDaemon({ state: scenarioState(), isAnsweringPings: false });
    const stream = openStream({ baseUrl: daemon.url, initialDelayMs: 5, maxDelayMs: 20, heartbeatMs: 20 });
    streams.push(stream);
    const errors: OrbtStreamError[] = [];
    stream.onError((error) => errors.push(error));
    await vi.waitFor(() => expect(streamUrls().length).toBeGreaterThanOrEqual(2));
    expect(errors[0]).toEqual({ code: "connection_error", message: "no pong within 20 ms" });
  });

  it("keeps a socket that answers pings", async () => {
    const stream = openStream({ baseUrl: daemon.url, token: "s3cret", heartbeatMs: 50 });
    streams.push(stream);
    const errors: OrbtStreamError[] = [];
    stream.onError((error) => errors.push(error));
    await vi.waitFor(() => expect(daemon.getPingCount()).toBeGreaterThanOrEqual(3));
    expect(errors).toEqual([]);
    expect(stream.getStatus()).toBe("connected");
    expect(streamUrls()).toEqual(["/api/v1/stream"]);
  });

  it("keeps retrying while the daemon refuses it, and stops for good on close", async () => {
    const refused = openStream({ baseUrl: daemon.url, token: "wrong", initialDelayMs: 5, maxDelayMs: 20 });
    streams.push(refused);
    const codes: string[] = [];
    refused.onError((error) => codes.push(error.code));
    await vi.waitFor(() => expect(streamUrls().length).toBeGreaterThanOrEqual(3));
    expect(refused.getStatus()).toBe("reconnecting");
    expect(new Set(codes)).toEqual(new Set(["connection_error"]));

    const statuses: StreamStatus[] = [];
    refused.onStatusChange((status) => statuses.push(status));
    refused.close();
    expect(refused.getStatus()).toBe("closed");
    expect(statuses).toEqual(["closed"]);
  });
});

import { IncidentResponse, IncidentsResponse, type SnapshotFrame, StreamFrame } from "@orbt/core";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  getJson,
  killAfterEach,
  makeWorkDir,
  type OrbtdProcess,
  writeBaseConfig,
} from "./support/orbtd-process.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function readSnapshot(daemon: OrbtdProcess): Promise<SnapshotFrame> {
  const socket = new WebSocket(`${daemon.url.replace("http", "ws")}/api/v1/stream`);
  try {
    const text = await new Promise<string>((resolve, reject) => {
      socket.once("message", (data: Buffer) => resolve(data.toString()));
      socket.once("error", reject);
    });
    const frame = StreamFrame.parse(JSON.parse(text));
    if (frame.type !== "snapshot") throw new Error(`expected a snapshot, got ${frame.type}`);
    return frame;
  } finally {
    socket.close();
  }
}

const LESSON = "disk full: log rotation was off; re-enabled it";
const ACK_NOTE = "paging the storage team";

describe("resolved incidents", () => {
  it("leave memory for the store, and are served from it after SIGKILL and a restart, notes included", async () => {
    const config = await writeBaseConfig(await makeWorkDir());
    const first = await daemons.start(config);
    const api = `${first.url}/api/v1`;
    // No remedy is configured, so each failing report escalates at once.
    expect(await post(`${api}/health`, { service: "api", status: "failing" })).toBe(202);
    expect(await post(`${api}/incidents/inc-1/resolve`, { by: "ana", note: LESSON })).toBe(200);
    expect(await post(`${api}/health`, { service: "api", status: "failing" })).toBe(202);
    expect(await post(`${api}/incidents/inc-2/ack`, { by: "bo", note: ACK_NOTE })).toBe(200);

    const resolved = IncidentResponse.parse(await getJson(`${api}/incidents/inc-1`)).incident;
    expect(resolved).toMatchObject({ state: "resolved", resolution: "operator", acknowledgedBy: null });
    expect(resolved.timeline.at(-1)).toMatchObject({
      kind: "resolved",
      message: "resolved by ana",
      note: LESSON,
    });
    const snapshot = await readSnapshot(first);
    expect(Object.keys(snapshot.state.incidents)).toEqual(["inc-2"]);
    expect(snapshot.history.recentResolved).toEqual([resolved]);
    expect(snapshot.history.counts.escalated).toBe(2);

    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const second = await daemons.start(config);
    const restarted = `${second.url}/api/v1`;

    expect(IncidentResponse.parse(await getJson(`${restarted}/incidents/inc-1`)).incident).toEqual(resolved);
    // The live incident is rebuilt by replaying the journal, which carries the ack's note.
    const live = IncidentResponse.parse(await getJson(`${restarted}/incidents/inc-2`)).incident;
    expect(live.timeline.at(-1)).toMatchObject({
      kind: "acknowledged",
      message: "acknowledged by bo",
      note: ACK_NOTE,
    });
    const listed = IncidentsResponse.parse(await getJson(`${restarted}/incidents`)).incidents;
    expect(listed.map((incident) => [incident.id, incident.state])).toEqual([
      ["inc-2", "escalated"],
      ["inc-1", "resolved"],
    ]);
    expect(await post(`${restarted}/incidents/inc-1/ack`, {})).toBe(409);
    const after = await waitFor("a snapshot after the restart", async () => readSnapshot(second));
    expect(Object.keys(after.state.incidents)).toEqual(["inc-2"]);
    expect(after.history).toEqual(snapshot.history);
    expect(after.state.incidents["inc-2"]).toEqual(snapshot.state.incidents["inc-2"]);
  });
});

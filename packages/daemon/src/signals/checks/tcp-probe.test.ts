import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LineServer, startLineServer } from "../../../test/support/line-server.js";
import { freePort } from "../../../test/support/ports.js";
import { probeTcp, tcpCheck } from "./tcp-probe.js";

/**
 * A listener whose process never accepts, with its accept queue full, so the kernel drops new SYNs
 * and a handshake stalls: the only way to make a connect time out on 127.0.0.1. Linux queues
 * backlog + 1 connections, so two fillers saturate a backlog of 1.
 */
async function startSaturatedListener(): Promise<{ port: number; stop(): void }> {
  // Writes to a pipe are synchronous on Linux, so the port is out before the event loop is blocked,
  // and a blocked loop never reaches the poll phase where Node would accept.
  const script = `const server = require("node:net").createServer();
server.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
  process.stdout.write(server.address().port + "\\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});`;
  const child: ChildProcess = spawn(process.execPath, ["-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once("data", (data: Buffer) => resolve(Number(String(data).trim()))),
  );
  const fillers = [connect({ host: "127.0.0.1", port }), connect({ host: "127.0.0.1", port })];
  await Promise.all(fillers.map((socket) => new Promise((resolve) => socket.once("connect", resolve))));
  return {
    port,
    stop: () => {
      for (const socket of fillers) socket.destroy();
      child.kill("SIGKILL");
    },
  };
}

describe("probeTcp", () => {
  let server: Server;
  let openPort: number;
  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    openPort = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("is healthy when the handshake completes", async () => {
    const result = await probeTcp({ host: "127.0.0.1", port: openPort, timeoutMs: 5_000 });
    expect(result.ok).toBe(true);
    expect(Number.isInteger(result.latencyMs)).toBe(true);
  });

  it("reports a refused connection as service unavailable", async () => {
    const result = await probeTcp({ host: "127.0.0.1", port: await freePort(), timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, symptom: "service_unavailable" });
    expect(result.ok === false && result.detail).toContain("ECONNREFUSED");
  });

  it("reports a stalled handshake as a timeout", async () => {
    const listener = await startSaturatedListener();
    try {
      const result = await probeTcp({ host: "127.0.0.1", port: listener.port, timeoutMs: 300 });
      expect(result).toMatchObject({
        ok: false,
        symptom: "health_check_failures",
        detail: "timeout after 300ms",
      });
    } finally {
      listener.stop();
    }
  });

  describe("with send and expect", () => {
    let redis: LineServer;
    beforeAll(async () => {
      redis = await startLineServer((line) => (line === "PING" ? "+PONG\r\n" : "-ERR unknown\r\n"));
    });
    afterAll(() => redis.close());

    const at = () => {
      const [host, port] = redis.address.split(":");
      return { host: host!, port: Number(port), timeoutMs: 1_000 };
    };

    it("is healthy when the answer to what it sent holds the text or matches the pattern", async () => {
      expect(await probeTcp({ ...at(), send: "PING\r\n", expect: { text: "+PONG" } })).toMatchObject({
        ok: true,
      });
      expect(await probeTcp({ ...at(), send: "PING\r\n", expect: { pattern: /^\+PO/ } })).toMatchObject({
        ok: true,
      });
    });

    it("fails on a wrong answer, quoting it, and on silence at the timeout", async () => {
      expect(await probeTcp({ ...at(), send: "PING\r\n", expect: { text: "+PANG" } })).toMatchObject({
        ok: false,
        symptom: "health_check_failures",
        detail: 'timeout after 1000ms without an answer holding "+PANG"; got "+PONG\\r\\n"',
      });
      redis.setAnswer(() => null);
      try {
        expect(await probeTcp({ ...at(), send: "PING\r\n", expect: { pattern: /PONG/ } })).toMatchObject({
          detail: "timeout after 1000ms without an answer holding /PONG/; got nothing",
        });
      } finally {
        redis.setAnswer((line) => (line === "PING" ? "+PONG\r\n" : "-ERR unknown\r\n"));
      }
    });

    it("fails when the peer closes before the expected answer", async () => {
      // The server of the outer suite closes every connection at once.
      expect(
        await probeTcp({ host: "127.0.0.1", port: openPort, timeoutMs: 1_000, expect: { text: "SSH-2.0" } }),
      ).toMatchObject({
        ok: false,
        detail: 'connection closed without an answer holding "SSH-2.0"; got nothing',
      });
    });

    it("takes host:port alone or a mapping", () => {
      expect(tcpCheck.settings.parse("127.0.0.1:6379")).toEqual({
        kind: "tcp",
        host: "127.0.0.1",
        port: 6379,
      });
      expect(
        tcpCheck.settings.parse({ address: "127.0.0.1:6379", send: "PING\r\n", expect: "+PONG" }),
      ).toEqual({
        kind: "tcp",
        host: "127.0.0.1",
        port: 6379,
        send: "PING\r\n",
        expect: { text: "+PONG" },
      });
    });
  });
});

import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ExpositionConnection, type ExpositionResponse } from "./exposition-connection.js";
import { fetchExposition } from "./fetch-exposition.js";

/** A raw TCP server on 127.0.0.1 answering each request head with the bytes `respond` writes. */
async function startRawServer(respond: (socket: Socket, request: string, index: number) => void) {
  const sockets: Socket[] = [];
  let requests = 0;
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    let pending = "";
    socket.on("data", (chunk) => {
      pending += chunk.toString("latin1");
      for (let end = pending.indexOf("\r\n\r\n"); end !== -1; end = pending.indexOf("\r\n\r\n")) {
        const request = pending.slice(0, end);
        pending = pending.slice(end + 4);
        respond(socket, request, requests++);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: new URL(`http://127.0.0.1:${port}/metrics`),
    connectionCount: () => sockets.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `text` one byte per write, so that the client reads it in many pieces. */
async function writeByteByByte(socket: Socket, text: string): Promise<void> {
  for (const char of text) {
    await new Promise<void>((resolve) => socket.write(char, "latin1", () => resolve()));
  }
}

async function readAll(response: ExpositionResponse): Promise<string> {
  let text = "";
  await response.read((chunk) => {
    text += Buffer.from(chunk).toString("latin1");
    return true;
  });
  return text;
}

/** GETs `url` over the connection and reads the whole body. */
async function getText(connection: ExpositionConnection, url: URL): Promise<string> {
  return readAll(await connection.get({ url, headers: {}, signal: new AbortController().signal }));
}

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("ExpositionConnection", () => {
  it("reads a chunked body with extensions and a trailer, split anywhere, then reuses the connection", async () => {
    const server = await startRawServer((socket, _request, index) => {
      const head = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n";
      void writeByteByByte(
        socket,
        `${head}4;ext=1\r\na 1\n\r\nA\r\nbb 2\nccc 3\r\n0\r\nx-trailer: ${index}\r\n\r\n`,
      );
    });
    servers.push(server);
    const connection = new ExpositionConnection();
    const signal = new AbortController().signal;
    const first = await connection.get({ url: server.url, headers: {}, signal });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/plain");
    expect(await readAll(first)).toBe("a 1\nbb 2\nccc 3");
    const second = await connection.get({ url: server.url, headers: { accept: "text/plain" }, signal });
    expect(await readAll(second)).toBe("a 1\nbb 2\nccc 3");
    expect(server.connectionCount()).toBe(1);
  });

  it("reads a body without a length to the close, and opens a new connection for the next request", async () => {
    const server = await startRawServer((socket) => {
      socket.end("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nup 1\n");
    });
    servers.push(server);
    const connection = new ExpositionConnection();
    expect(await getText(connection, server.url)).toBe("up 1\n");
    expect(await getText(connection, server.url)).toBe("up 1\n");
    expect(server.connectionCount()).toBe(2);
  });

  it("asks again on a fresh connection when the kept one closes under a request", async () => {
    const server = await startRawServer((socket, _request, index) => {
      // The second request finds the kept connection closing, as when an exporter's idle timeout races it.
      if (index === 1) socket.destroy();
      else socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nn ${index}\n`);
    });
    servers.push(server);
    const connection = new ExpositionConnection();
    expect(await getText(connection, server.url)).toBe("n 0\n");
    expect(await getText(connection, server.url)).toBe("n 2\n");
    expect(server.connectionCount()).toBe(2);
  });

  it("does not ask twice when a fresh connection fails", async () => {
    const server = await startRawServer((socket) => socket.destroy());
    servers.push(server);
    const connection = new ExpositionConnection();
    const signal = new AbortController().signal;
    await expect(connection.get({ url: server.url, headers: {}, signal })).rejects.toThrow(
      "other side closed",
    );
    expect(server.connectionCount()).toBe(1);
  });

  it("fails a body cut short before its content-length", async () => {
    const server = await startRawServer((socket) => {
      socket.end("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort 1\n");
    });
    servers.push(server);
    const connection = new ExpositionConnection();
    const response = await connection.get({
      url: server.url,
      headers: {},
      signal: new AbortController().signal,
    });
    await expect(readAll(response)).rejects.toThrow("other side closed before the body ended");
  });
});

describe("fetchExposition over a target's connection", () => {
  it("follows a redirect with fetch", async () => {
    const server = await startRawServer((socket, request) => {
      if (request.startsWith("GET /metrics ")) {
        socket.write("HTTP/1.1 302 Found\r\nlocation: /moved\r\ncontent-length: 0\r\n\r\n");
        return;
      }
      socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: application/openmetrics-text\r\ncontent-length: 6\r\n\r\nmoved\n",
      );
    });
    servers.push(server);
    const fetched = await fetchExposition({
      url: server.url.href,
      timeoutMs: 5_000,
      bodySizeLimitBytes: 0,
      connection: new ExpositionConnection(),
    });
    if (!fetched.ok) throw new Error(fetched.error.message);
    expect(fetched.value.format).toBe("openmetrics");
    let text = "";
    const read = await fetched.value.read((chunk) => {
      text += Buffer.from(chunk).toString("latin1");
    });
    expect(read.ok).toBe(true);
    expect(text).toBe("moved\n");
  });
});

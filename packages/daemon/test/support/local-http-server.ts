import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

export type ReceivedRequest = {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
};

export type LocalHttpServer = {
  readonly url: string;
  readonly received: readonly ReceivedRequest[];
  countOpenConnections(): Promise<number>;
  close(): Promise<void>;
};

/**
 * A real HTTP server on 127.0.0.1 with an ephemeral port that records what it receives: a target
 * to scrape, a webhook to post to. `respond` may leave a request hanging.
 */
export async function startLocalHttpServer(
  respond: (request: ReceivedRequest, response: ServerResponse) => void,
): Promise<LocalHttpServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(request);
      respond(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    countOpenConnections: () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ServedApp = {
  readonly url: string;
  close(): Promise<void>;
};

/** Serves `fetch` (a Hono app's) on 127.0.0.1 at an ephemeral port, so a real client can reach it. */
export async function serveLocally(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<ServedApp> {
  const server = serve({ fetch, hostname: "127.0.0.1", port: 0 });
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

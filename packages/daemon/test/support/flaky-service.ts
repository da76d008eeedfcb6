import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type HealthMode = "ok" | "failing" | "down";

/**
 * A real service to watch: `/healthz` on one port answers 200, 503, or nothing at all (port closed), and a
 * control port lets remedies report that they started and heal it, and drills' faults make it fail.
 */
export type FlakyService = {
  readonly healthUrl: string;
  readonly controlUrl: string;
  readonly counts: { remedyStarts: number; heals: number };
  setMode(mode: HealthMode): Promise<void>;
  /** The next `count` requests to `/healthz` answer 503 whatever the mode; the mode answers after them. */
  failRequests(count: number): void;
  close(): Promise<void>;
};

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startFlakyService(initial: HealthMode = "ok"): Promise<FlakyService> {
  let mode: HealthMode = initial;
  let failuresLeft = 0;
  const counts = { remedyStarts: 0, heals: 0 };
  let health: Server | undefined;
  const newHealthServer = () =>
    createServer((req, res) => {
      const isForcedFailure = req.url === "/healthz" && failuresLeft > 0;
      if (isForcedFailure) failuresLeft -= 1;
      res.statusCode = req.url === "/healthz" && mode === "ok" && !isForcedFailure ? 200 : 503;
      res.end(mode);
    });
  health = newHealthServer();
  const healthPort = await listen(health);
  if (initial === "down") await closeServer(health);

  const setMode = async (next: HealthMode) => {
    if (next === "down" && mode !== "down") await closeServer(health!);
    if (next !== "down" && mode === "down") {
      health = newHealthServer();
      await listen(health, healthPort);
    }
    mode = next;
  };

  const control = createServer((req, res) => {
    if (req.url === "/started") counts.remedyStarts += 1;
    if (req.url === "/heal") {
      counts.heals += 1;
      void setMode("ok");
    }
    // What a drill's fault asks for.
    if (req.url === "/fail") void setMode("failing");
    res.statusCode = 204;
    res.end();
  });
  const controlPort = await listen(control);
  return {
    healthUrl: `http://127.0.0.1:${healthPort}/healthz`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    counts,
    setMode,
    failRequests: (count) => {
      failuresLeft = count;
    },
    close: async () => {
      await closeServer(control);
      if (mode !== "down") await closeServer(health!);
    },
  };
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "./wait-until.js";

/** A real Prometheus or Alertmanager started by a test, on 127.0.0.1. */
export type PeerBinary = {
  readonly url: string;
  readonly dir: string;
  readonly output: () => string;
  readonly stop: () => Promise<void>;
};

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts `binary` with the arguments `argsFor(port, dir)` builds (a free 127.0.0.1 port, a fresh temp
 * dir) and waits for `GET /-/ready`. `stop` kills it and removes the dir.
 */
export async function startPeerBinary(
  binary: string,
  argsFor: (port: number, dir: string) => Promise<readonly string[]>,
): Promise<PeerBinary> {
  const dir = await mkdtemp(join(tmpdir(), "orbt-peer-"));
  const port = await findFreePort();
  const child = spawn(binary, [...(await argsFor(port, dir))], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await killChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      `${binary} to be ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${binary} exited ${child.exitCode}: ${output}`);
        return fetch(`${url}/-/ready`).then(
          (response) => response.ok,
          () => false,
        );
      },
      READY_TIMEOUT_MS,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dir, output: () => output, stop };
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port assigned");
  return address.port;
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

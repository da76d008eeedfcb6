import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports.js";
import { waitFor } from "./wait-for.js";

/** A real Prometheus, Alertmanager or node exporter started by a test, on 127.0.0.1. */
export type PeerBinary = {
  readonly url: string;
  readonly dir: string;
  readonly output: () => string;
  readonly stop: () => Promise<void>;
};

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts `binary` with the arguments `argsFor(port, dir)` builds (a free 127.0.0.1 port, a fresh
 * temp dir) and waits until `readyPath` answers 2xx. `stop` kills it and removes the dir.
 */
export async function startPeerBinary(
  binary: string,
  argsFor: (port: number, dir: string) => Promise<readonly string[]>,
  readyPath = "/-/ready",
): Promise<PeerBinary> {
  const dir = await mkdtemp(join(tmpdir(), "orbt-peer-"));
  const port = await freePort();
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
    // Settles early when the binary exits, so a bad flag fails at once with its output.
    const state = await waitFor(
      `${binary} to be ready`,
      async () => {
        if (child.exitCode !== null) return "exited";
        return (await fetch(`${url}${readyPath}`)).ok ? "ready" : undefined;
      },
      READY_TIMEOUT_MS,
    );
    if (state === "exited") throw new Error(`${binary} exited ${child.exitCode}: ${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dir, output: () => output, stop };
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

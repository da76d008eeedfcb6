// What several benchmarks share: ports, quantiles, and an orbtd child process on a temp config.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Spawned as an executable, as shipped: its shebang sets the daemon's Node.js flags.
const ORBTD = fileURLToPath(new URL("../../packages/daemon/bin/orbtd.js", import.meta.url));

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The q-quantile of `values` by the nearest-rank method. */
export function quantile(values, q) {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Listens on an ephemeral port of 127.0.0.1 (an http or net server) and gives the port. */
export function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

/** A port of 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts orbtd on the config that `configText(dataDir)` gives, in a temp directory, and waits until it
 * listens. `stop()` kills it (SIGKILL) and removes the directory.
 */
export async function startOrbtd(configText) {
  const dir = await mkdtemp(join(tmpdir(), "orbt-bench-"));
  const file = join(dir, "orbt.yaml");
  await writeFile(file, configText(join(dir, "data")));
  const child = spawn(ORBTD, ["start", "--config", file], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    child.kill("SIGKILL");
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200 && !output.includes('"msg":"orbtd listening"'); i += 1) await sleep(50);
  if (!output.includes('"msg":"orbtd listening"')) {
    await stop();
    throw new Error(`orbtd did not start:\n${output}`);
  }
  return { child, stop };
}

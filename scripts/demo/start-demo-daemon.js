import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { daemonEnv, daemonNodeFlags } from "../daemon-node-flags.js";
import { demoConfigText } from "./demo-config.js";

const ORBTD_BIN = fileURLToPath(new URL("../../packages/daemon/bin/orbtd.js", import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * orbtd on demo-config.yaml with its data, config and log in `dir`, on a port the system picks, watching
 * `services`; resolves once it listens. `stop` ends it with SIGTERM (SIGKILL if it lingers). An abort of
 * `signal` while it starts stops it and rejects.
 */
export async function startDemoDaemon({ dir, services, controlUrl, signal }) {
  const token = randomBytes(18).toString("base64url");
  const configFile = join(dir, "orbt.yaml");
  await writeFile(configFile, await demoConfigText({ token, services, controlUrl }), { mode: 0o600 });
  signal.throwIfAborted();
  const logFile = join(dir, "orbtd.log");
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [...daemonNodeFlags, ORBTD_BIN, "start", "--config", configFile], {
    stdio: ["ignore", log, log],
    env: daemonEnv,
  });
  closeSync(log);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await listeningUrl(logFile, child, signal);
    return { url, token, pid: child.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The URL of orbtd's "orbtd listening" log line, once written; throws when orbtd exits or takes too long. */
async function listeningUrl(logFile, child, signal) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    const text = await readFile(logFile, "utf8");
    const line = text.split("\n").find((entry) => entry.includes('"msg":"orbtd listening"'));
    if (line !== undefined) return JSON.parse(line).url;
    if (child.exitCode !== null) throw new Error(`orbtd exited ${child.exitCode}:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `orbtd did not listen within ${START_TIMEOUT_MS / 1000}s:\n${await readFile(logFile, "utf8")}`,
  );
}

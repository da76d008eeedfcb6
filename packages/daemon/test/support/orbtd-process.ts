import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { freePort } from "./ports.js";
import { waitFor } from "./wait-for.js";

export const ORBTD_BIN = fileURLToPath(new URL("../../bin/orbtd.js", import.meta.url));
export const REMEDY_SCRIPT = fileURLToPath(new URL("../fixtures/remedy.mjs", import.meta.url));

export type OrbtdProcess = {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
};

export async function makeWorkDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "orbtd-it-"));
}

export async function writeConfig(dir: string, yaml: string): Promise<string> {
  const file = join(dir, "orbt.yaml");
  await writeFile(file, yaml);
  return file;
}

/** Variables set for one orbtd on top of the test's own environment. */
export type OrbtdEnv = Readonly<Record<string, string>>;

export function runOrbtd(
  args: readonly string[],
  env: OrbtdEnv = {},
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | string>;
} {
  const child = spawn(process.execPath, [ORBTD_BIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  return { child, output: () => output, exited };
}

const LISTENING = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"orbtd listening"/;

/** Starts `orbtd start --config FILE` and resolves once it logs that it listens. */
export async function startOrbtd(
  configFile: string,
  env: OrbtdEnv = {},
  timeoutMs = 20_000,
): Promise<OrbtdProcess> {
  const run = runOrbtd(["start", "--config", configFile], env);
  // Null once orbtd exited without listening, so a bad config fails at once.
  const url = await waitFor(
    "orbtd to listen",
    () => LISTENING.exec(run.output())?.[1] ?? (run.child.exitCode === null ? undefined : null),
    timeoutMs,
  ).catch(() => null);
  if (url !== null) return { ...run, url };
  run.child.kill("SIGKILL");
  throw new Error(`orbtd did not start:\n${run.output()}`);
}

/** GETs JSON, as the bearer of `token` when one is given. */
export async function getJson<T = unknown>(url: string, token?: string): Promise<T> {
  const response = await fetch(
    url,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** A config with what every test sets: a free port, data under `dir`, no OTLP listener; `extra` YAML is appended. */
export async function writeBaseConfig(dir: string, extra = ""): Promise<string> {
  const base = `listen: 127.0.0.1:${await freePort()}\ndata_dir: ${JSON.stringify(join(dir, "data"))}\notlp: false\n`;
  return writeConfig(dir, `${base}${extra}`);
}

/** Daemons started through the returned `start` are SIGKILLed after each test of the file. */
export function killAfterEach(): { start(configFile: string, env?: OrbtdEnv): Promise<OrbtdProcess> } {
  const started: OrbtdProcess[] = [];
  afterEach(async () => {
    for (const daemon of started.splice(0)) {
      daemon.child.kill("SIGKILL");
      await daemon.exited;
    }
  });
  return {
    start: async (configFile, env) => {
      const daemon = await startOrbtd(configFile, env);
      started.push(daemon);
      return daemon;
    },
  };
}

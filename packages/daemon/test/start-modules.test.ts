import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { killAfterEach, makeWorkDir, writeBaseConfig } from "./support/orbtd-process.js";

const RECORD_LOADS = new URL("./fixtures/record-module-loads.mjs", import.meta.url);
const daemons = killAfterEach();

/** The files of the bundle a start loaded up to listening, with `extra` YAML in its config. */
async function bundleFilesLoaded(extra: string): Promise<string[]> {
  const dir = await makeWorkDir();
  const log = join(dir, "modules.log");
  await daemons.start(await writeBaseConfig(dir, extra), {
    NODE_OPTIONS: `--import=${RECORD_LOADS.href}`,
    ORBT_TEST_MODULE_LOG: log,
  });
  const urls = (await readFile(log, "utf8")).split("\n").filter((url) => url.startsWith("file:"));
  return urls.map((url) => fileURLToPath(url)).filter((file) => existsSync(`${file}.map`));
}

/** Whether the bundled file holds the NATS client: its source map names what it was built from. */
async function holdsNatsClient(file: string): Promise<boolean> {
  const { sources } = JSON.parse(await readFile(`${file}.map`, "utf8")) as { sources: string[] };
  return sources.some((source) => source.includes("node_modules/@nats-io/"));
}

async function loadsNatsClient(files: readonly string[]): Promise<boolean> {
  for (const file of files) if (await holdsNatsClient(file)) return true;
  return false;
}

describe("what a start loads", () => {
  it("leaves the NATS client unread when the config names no stream", async () => {
    const files = await bundleFilesLoaded("");
    expect(files.map((file) => file.split("/").at(-1))).toContain("orbtd.mjs");
    expect(await loadsNatsClient(files)).toBe(false);
  });

  it("loads it for upstream over NATS, and for a fleet's stream, whether or not NATS answers yet", async () => {
    const nats = "nats://127.0.0.1:1";
    expect(await loadsNatsClient(await bundleFilesLoaded(`upstream:\n  nats: ${nats}\n`))).toBe(true);
    expect(await loadsNatsClient(await bundleFilesLoaded(`fleet:\n  nats: ${nats}\n`))).toBe(true);
  });

  it("leaves it unread with upstream over HTTP", async () => {
    const files = await bundleFilesLoaded("upstream:\n  url: http://127.0.0.1:1\n");
    expect(await loadsNatsClient(files)).toBe(false);
  });
});

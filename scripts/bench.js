#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.mjs; with no NAME it lists them.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { daemonEnv, daemonNodeFlags } from "./daemon-node-flags.js";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..", "bench");
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith(".mjs"))
  .map((file) => file.slice(0, -4));
const [name, ...args] = process.argv.slice(2);
if (name === undefined || !existsSync(join(benchDir, `${name}.mjs`))) {
  console.error(`usage: npm run bench -- <${available.join("|")}> [args]`);
  process.exit(name === undefined ? 0 : 2);
}
// Benchmarks run the daemon's code in-process under the daemon's own malloc settings and V8 flags.
const nodeArgs = [...daemonNodeFlags, "--expose-gc", join(benchDir, `${name}.mjs`), ...args];
const result = spawnSync(process.execPath, nodeArgs, {
  stdio: "inherit",
  env: daemonEnv,
});
process.exit(result.status ?? 1);

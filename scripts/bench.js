#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.mjs; with no NAME it lists them.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..", "bench");
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith(".mjs"))
  .map((file) => file.slice(0, -4));
const [name, ...args] = process.argv.slice(2);
if (name === undefined || !existsSync(join(benchDir, `${name}.mjs`))) {
  console.error(`usage: npm run bench -- <${available.join("|")}> [args]`);
  process.exit(name === undefined ? 0 : 2);
}
const result = spawnSync(process.execPath, ["--expose-gc", join(benchDir, `${name}.mjs`), ...args], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);

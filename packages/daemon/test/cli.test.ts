import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  makeWorkDir,
  ORBTD_BIN,
  runOrbtd,
  startOrbtd,
  writeBaseConfig,
  writeConfig,
} from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";

const BAD_CONFIG = `project: shop
services:
  - name: web
    checks:
      - http: http://127.0.0.1:1/healthz
        interval: fast
`;

describe("orbtd CLI", () => {
  it("validate: exit 0 and ok for a valid file", async () => {
    const dir = await makeWorkDir();
    const file = await writeConfig(dir, "project: shop\n");
    const run = runOrbtd(["validate", "--config", file]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain(`ok: ${file}`);
  });

  for (const command of ["validate", "start"]) {
    it(`${command}: exit 2 naming the file, line and key path of a bad value`, async () => {
      const dir = await makeWorkDir();
      const file = await writeConfig(dir, BAD_CONFIG);
      const run = runOrbtd([command, "--config", file]);
      expect(await run.exited).toBe(2);
      expect(run.output()).toContain(
        `${file}:6 services[0].checks[0].interval: expected a duration like 5s, got "fast"`,
      );
    });
  }

  it("start: exit 2 for a missing config file", async () => {
    const run = runOrbtd(["start", "--config", "/nonexistent/orbt.yaml"]);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("/nonexistent/orbt.yaml: file not found");
  });

  it("exit 2 for an unknown command or option", async () => {
    expect(await runOrbtd(["frobnicate"]).exited).toBe(2);
    expect(await runOrbtd(["start", "--no-such-flag"]).exited).toBe(2);
  });

  it("start: exit 1 when the listen address is taken", async () => {
    const dir = await makeWorkDir();
    const port = await freePort();
    const first = await startOrbtd(
      await writeConfig(
        dir,
        `listen: 127.0.0.1:${port}\ndata_dir: ${JSON.stringify(join(dir, "a"))}\notlp: false\n`,
      ),
    );
    try {
      const other = await makeWorkDir();
      const run = runOrbtd([
        "start",
        "--config",
        await writeConfig(
          other,
          `listen: 127.0.0.1:${port}\ndata_dir: ${JSON.stringify(join(other, "b"))}\notlp: false\n`,
        ),
      ]);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain("EADDRINUSE");
    } finally {
      first.child.kill("SIGKILL");
      await first.exited;
    }
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`start: ${signal} stops gracefully with exit 0`, async () => {
      const dir = await makeWorkDir();
      const daemon = await startOrbtd(await writeBaseConfig(dir));
      daemon.child.kill(signal);
      expect(await daemon.exited).toBe(0);
      expect(daemon.output()).toContain('"msg":"orbtd stopped"');
    });
  }

  it("the bin, run as an executable, starts Node.js with one V8 worker thread", async () => {
    const dir = await makeWorkDir();
    const file = await writeConfig(dir, `listen: 127.0.0.1:${await freePort()}\notlp: false\n`);
    const child = spawn(ORBTD_BIN, ["start", "--config", file], { stdio: "ignore" });
    try {
      let args = "";
      for (let i = 0; i < 50 && !args.includes("orbtd.js start"); i += 1) {
        await sleep(100);
        args = execFileSync("ps", ["-o", "args=", "-p", String(child.pid)]).toString();
      }
      expect(args).toMatch(/node --v8-pool-size=1 --max-semi-space-size=8 \S*orbtd\.js start --config/);
      // glibc reads its tunables from the environment the process started with.
      const environment = readFileSync(`/proc/${child.pid}/environ`, "utf8").split("\0");
      expect(environment).toEqual(
        expect.arrayContaining(["MALLOC_ARENA_MAX=2", "MALLOC_MMAP_THRESHOLD_=131072"]),
      );
    } finally {
      child.kill("SIGKILL");
    }
  });
});

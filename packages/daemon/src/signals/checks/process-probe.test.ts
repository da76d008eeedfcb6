import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type IdleProcess,
  restartIdleProcess,
  startIdleProcess,
} from "../../../test/support/idle-process.js";
import { makeWorkDir } from "../../../test/support/orbtd-process.js";
import { type ProcessTarget, probeProcess, processCheck } from "./process-probe.js";

const started: IdleProcess[] = [];
afterEach(async () => {
  for (const each of started.splice(0)) await each.kill();
});

async function idle(): Promise<IdleProcess> {
  const process = await startIdleProcess();
  started.push(process);
  return process;
}

function target(find: ProcessTarget["find"], restarts = 3): ProcessTarget {
  return { kind: "process", find, restarts, restartWindowMs: 60_000 };
}

describe("process check", () => {
  it("finds a process by a pattern over its command line, and misses it once it exited", async () => {
    const running = await idle();
    const byName = target({ name: new RegExp(running.marker) });
    expect(await probeProcess(byName)).toMatchObject({ ok: true });
    await running.kill();
    expect(await probeProcess(byName)).toMatchObject({
      ok: false,
      symptom: "service_unavailable",
      detail: `no process matches /${running.marker}/`,
    });
  });

  it("finds a process by its pidfile, and says why when it cannot", async () => {
    const dir = await makeWorkDir();
    const pidfile = join(dir, "app.pid");
    const byPidfile = target({ pidfile });
    expect(await probeProcess(byPidfile)).toMatchObject({
      ok: false,
      symptom: "service_unavailable",
      detail: expect.stringContaining(`pidfile ${pidfile}: ENOENT`),
    });
    await writeFile(pidfile, "not a pid\n");
    expect(await probeProcess(byPidfile)).toMatchObject({ detail: `pidfile ${pidfile} holds no pid` });
    const running = await idle();
    await writeFile(pidfile, `${running.pid}\n`);
    expect(await probeProcess(byPidfile)).toMatchObject({ ok: true });
    await running.kill();
    expect(await probeProcess(byPidfile)).toMatchObject({
      detail: `pid ${running.pid} from ${pidfile} is not running`,
    });
  });

  it("fails once the process restarted `restarts` times within the window", async () => {
    const pidfile = join(await makeWorkDir(), "app.pid");
    let running = await idle();
    await writeFile(pidfile, `${running.pid}\n`);
    const flapping = target({ pidfile }, 2);
    expect(await probeProcess(flapping)).toMatchObject({ ok: true });
    running = await restartIdleProcess(running, pidfile);
    started.push(running);
    expect(await probeProcess(flapping)).toMatchObject({ ok: true });
    running = await restartIdleProcess(running, pidfile);
    started.push(running);
    expect(await probeProcess(flapping)).toMatchObject({
      ok: false,
      symptom: "health_check_failures",
      detail: `restarted 2 times within 1m (limit 2), now pid ${running.pid}`,
    });
  });

  it("wants exactly one of pidfile and name, an absolute pidfile and a valid pattern", () => {
    const issues = (input: unknown) => {
      const parsed = processCheck.settings.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]);
    };
    expect(issues({ restarts: 2 })).toEqual([["", "expected exactly one of pidfile, name"]]);
    expect(issues({ pidfile: "run/app.pid" })).toEqual([
      ["pidfile", 'expected an absolute path, got "run/app.pid"'],
    ]);
    expect(issues({ name: "nginx(" })).toEqual([["name", 'expected a regular expression, got "nginx("']]);
  });
});

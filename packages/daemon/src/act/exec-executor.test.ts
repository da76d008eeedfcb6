import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { runExec } from "./exec-executor.js";

const runNode = (script: string, ...args: string[]) =>
  runExec({ argv: [process.execPath, "-e", script, ...args], timeoutMs: 10_000 });

/** A zombie still answers kill(pid, 0), so read its state where /proc exists. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true;
  }
}

describe("runExec", () => {
  it("succeeds on exit 0 and captures stdout and stderr", async () => {
    const outcome = await runNode("process.stdout.write('out '); process.stderr.write('err')");
    expect(outcome).toMatchObject({
      ok: true,
      exitCode: 0,
      signal: null,
      timedOut: false,
      output: "out err",
      isOutputTruncated: false,
    });
  });

  it("fails on exit 3 and keeps the exit code", async () => {
    const outcome = await runNode("console.log('nope'); process.exit(3)");
    expect(outcome).toMatchObject({ ok: false, exitCode: 3, timedOut: false, output: "nope\n" });
    expect(outcome.error).toBeUndefined();
  });

  it("passes argv literally, proving no shell is involved", async () => {
    const tricky = [
      "two words",
      "a; echo injected",
      "$(echo injected)",
      "`echo injected`",
      "*",
      "$HOME",
      "'q'",
    ];
    const outcome = await runNode("process.stdout.write(JSON.stringify(process.argv.slice(1)))", ...tricky);
    expect(outcome.ok).toBe(true);
    expect(JSON.parse(outcome.output)).toEqual(tricky);
  });

  it("kills the whole process group at the timeout, children included", async () => {
    const started: number[] = [];
    const outcome = await runExec({
      argv: ["sh", "-c", 'sleep 30 & echo "$!"; sleep 30'],
      timeoutMs: 300,
      onStarted: (pid) => started.push(pid),
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: null, signal: "SIGTERM", timedOut: true });
    const shellPid = started[0]!;
    const sleepPid = Number(outcome.output.trim());
    expect(sleepPid).toBeGreaterThan(0);
    await vi.waitFor(() => {
      expect(isRunning(shellPid)).toBe(false);
      expect(isRunning(sleepPid)).toBe(false);
    });
  });

  it("escalates to SIGKILL when the process ignores SIGTERM", async () => {
    const outcome = await runExec({
      // An ignored signal stays ignored across exec, so the sleep ignores SIGTERM too.
      argv: ["sh", "-c", "trap '' TERM; sleep 30"],
      timeoutMs: 500,
      killGraceMs: 100,
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: null, signal: "SIGKILL", timedOut: true });
  });

  it("caps the output of a chatty process but keeps draining it so it can finish", async () => {
    const outcome = await runExec({
      argv: [process.execPath, "-e", "for (let i = 0; i < 2000; i++) process.stdout.write('x'.repeat(1024))"],
      timeoutMs: 10_000,
      outputCapBytes: 1000,
    });
    expect(outcome).toMatchObject({ ok: true, exitCode: 0, isOutputTruncated: true });
    expect(outcome.output).toBe("x".repeat(1000));
  });

  it("reports a missing binary as not_found with a null exit code", async () => {
    const outcome = await runExec({ argv: ["orbt-no-such-binary", "--flag"], timeoutMs: 10_000 });
    expect(outcome).toMatchObject({
      ok: false,
      exitCode: null,
      timedOut: false,
      error: { code: "not_found", message: "orbt-no-such-binary: command not found" },
    });
  });

  it("refuses an empty argv without spawning", async () => {
    const outcome = await runExec({ argv: [], timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ ok: false, exitCode: null, error: { code: "empty_argv" } });
  });

  it("replaces the environment instead of inheriting the daemon's", async () => {
    const outcome = await runExec({
      argv: [process.execPath, "-e", "process.stdout.write(JSON.stringify(process.env))"],
      timeoutMs: 10_000,
      env: { ORBT_REMEDY: "restart" },
    });
    expect(JSON.parse(outcome.output)).toEqual({ ORBT_REMEDY: "restart" });
  });

  it("runs in the given cwd", async () => {
    const outcome = await runExec({
      argv: [process.execPath, "-e", "process.stdout.write(process.cwd())"],
      timeoutMs: 10_000,
      cwd: "/",
    });
    expect(outcome.output).toBe("/");
  });

  it("returns without waiting for, or killing, a background child that holds the output pipe", async () => {
    const outcome = await runExec({ argv: ["sh", "-c", 'sleep 30 & echo "$!"'], timeoutMs: 10_000 });
    const sleepPid = Number(outcome.output.trim());
    try {
      expect(outcome).toMatchObject({ ok: true, exitCode: 0, timedOut: false });
      expect(isRunning(sleepPid)).toBe(true);
    } finally {
      process.kill(sleepPid);
    }
  });
});

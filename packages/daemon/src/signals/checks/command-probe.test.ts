import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeWorkDir } from "../../../test/support/orbtd-process.js";
import { commandCheck, pluginStatusLine, probeCommand } from "./command-probe.js";

const CHECK_STATE = fileURLToPath(new URL("../../../test/fixtures/check_state.sh", import.meta.url));

describe("command check", () => {
  it("reads Nagios exit codes: 0 is healthy, 1, 2 and 3 fail with the status line as the detail", async () => {
    const stateFile = join(await makeWorkDir(), "state");
    const probe = async (state: string) => {
      await writeFile(stateFile, state);
      return probeCommand({ kind: "command", argv: [CHECK_STATE, stateFile], timeoutMs: 5_000 });
    };
    expect(await probe("0 OK - all fine")).toMatchObject({ ok: true });
    expect(await probe("1 WARNING - disk 85%")).toMatchObject({
      ok: false,
      symptom: "health_check_failures",
      detail: "WARNING (exit 1): STATE WARNING - disk 85%",
    });
    expect(await probe("2 CRITICAL - disk 99%")).toMatchObject({
      detail: "CRITICAL (exit 2): STATE CRITICAL - disk 99%",
    });
    expect(await probe("3 UNKNOWN - no such mount")).toMatchObject({
      detail: "UNKNOWN (exit 3): STATE UNKNOWN - no such mount",
    });
    expect(await probe("7 odd code")).toMatchObject({ detail: "UNKNOWN (exit 7): STATE odd code" });
  });

  it("fails a plugin that is missing or runs past the timeout", async () => {
    expect(
      await probeCommand({ kind: "command", argv: ["/nonexistent/check_x"], timeoutMs: 5_000 }),
    ).toMatchObject({ ok: false, detail: "/nonexistent/check_x: command not found" });
    const late = await probeCommand({
      kind: "command",
      argv: [process.execPath, "-e", "setTimeout(() => {}, 10_000)"],
      timeoutMs: 200,
    });
    expect(late).toMatchObject({ ok: false, detail: `${process.execPath}: no result within 200ms` });
  });

  it("takes the first line before the perfdata as the status line", () => {
    expect(pluginStatusLine("DISK OK - free space: / 3326 MB | /=2643MB;5948;5958;0;5968\nmore")).toBe(
      "DISK OK - free space: / 3326 MB",
    );
    expect(pluginStatusLine("")).toBe("");
  });

  it("refuses an empty argv", () => {
    const parsed = commandCheck.settings.safeParse([]);
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)).toEqual([
      "expected a non-empty list of strings (argv), got a list",
    ]);
  });
});

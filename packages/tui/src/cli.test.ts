import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type FakeDaemon, startFakeDaemon } from "@orbt/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEMO_EVENTS, DEMO_START_MS, demoInitialState } from "../test/support/demo-state.js";

const BIN = fileURLToPath(new URL("../bin/orbt.js", import.meta.url));

let daemon: FakeDaemon | undefined;
afterEach(() => daemon?.close());

/** Strips colour and cursor sequences so assertions read what a person sees. */
function visible(output: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
  return output.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, "");
}

describe("orbt (built CLI in a pty)", () => {
  it("connects with the token from ORBT_TOKEN, switches screens on keys and quits on q", async () => {
    daemon = await startFakeDaemon({
      state: demoInitialState(),
      token: "env-token",
      now: () => DEMO_START_MS,
    });
    for (const { at, event } of DEMO_EVENTS) daemon.publish(event, at);
    const { CI: _ci, ...env } = process.env; // ink renders only the last frame under CI
    // `script` gives the CLI a real pseudo-terminal, so ink gets raw mode and a size as in a person's shell.
    const child = spawn(
      "script",
      ["-qfec", `stty cols 120 rows 40; exec node ${BIN} --url ${daemon.url}`, "/dev/null"],
      { env: { ...env, ORBT_TOKEN: "env-token", TERM: "xterm-256color" }, stdio: ["pipe", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      await vi.waitFor(() => expect(visible(output)).toMatch(/connected seq 14/), { timeout: 15_000 });
      expect(visible(output)).toMatch(/db\s+kubernetes\s+-\s+RED\s+inc-2/);

      child.stdin.write("2");
      await vi.waitFor(() => expect(visible(output)).toMatch(/› inc-3\s+api/), { timeout: 5_000 });
      child.stdin.write("a");
      await vi.waitFor(() => expect(visible(output)).toContain("ack inc-3: done"), { timeout: 5_000 });
      expect(daemon.requests).toContainEqual(
        expect.objectContaining({ method: "POST", url: "/api/v1/incidents/inc-3/ack" }),
      );

      child.stdin.write("q");
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  }, 30_000);
});

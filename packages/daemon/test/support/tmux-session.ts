import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A program running in a detached tmux session of its own tmux server, read as a person would see it. */
export type TmuxSession = {
  /** The visible screen, as text. */
  readonly screen: () => Promise<string>;
  /** Keys as `tmux send-keys` names them: "q", "C-c", "Enter". */
  readonly sendKeys: (...keys: string[]) => Promise<void>;
  /** The pid of the program the pane runs and, once it ended (the pane stays), how: "exit 0", "signal 15". */
  readonly pane: () => Promise<{ readonly pid: number; readonly ended: string | null }>;
  /** Ends the tmux server and whatever still runs in it. */
  readonly kill: () => Promise<void>;
};

/**
 * Runs `argv` (no shell) in a `width`×`height` tmux session whose server listens on a socket in `dir`, so
 * it never meets another tmux; `env` is set for the program on top of the test's environment, without the
 * CI markers that make a terminal UI draw nothing until it exits.
 */
export async function startTmuxSession(
  tmux: string,
  dir: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  { width = 160, height = 45 } = {},
): Promise<TmuxSession> {
  const socket = join(dir, "tmux.sock");
  const conf = join(dir, "tmux.conf");
  // Set before the program starts, so an early exit still leaves its status to read.
  await writeFile(conf, "set-option -g remain-on-exit on\n");
  const tmuxRun = async (...args: string[]) => (await run(tmux, ["-S", socket, ...args])).stdout;
  // A person's terminal, even when the test runs under CI: Ink draws nothing until exit where CI is set.
  const terminalEnv = { CI: "0", CONTINUOUS_INTEGRATION: "0", ...env };
  const envArgs = Object.entries(terminalEnv).flatMap(([name, value]) => ["-e", `${name}=${value}`]);
  await run(
    tmux,
    ["-S", socket, "-f", conf, "new-session", "-d", "-s", "main"].concat([
      "-x",
      String(width),
      "-y",
      String(height),
      ...envArgs,
      ...argv,
    ]),
  );
  return {
    screen: () => tmuxRun("capture-pane", "-p", "-t", "main"),
    sendKeys: async (...keys) => {
      await tmuxRun("send-keys", "-t", "main", ...keys);
    },
    pane: async () => {
      const format = "#{pane_pid} #{pane_dead} #{pane_dead_status} #{pane_dead_signal}";
      const [pid, dead, status, signal] = (
        await tmuxRun("display-message", "-p", "-t", "main", format)
      ).split(" ");
      const [exitStatus, exitSignal] = [status ?? "", signal?.trim() ?? ""];
      // tmux sees the pane's end of output before it reaps the program: until then neither is known.
      if (dead !== "1" || (exitStatus === "" && exitSignal === "")) return { pid: Number(pid), ended: null };
      return { pid: Number(pid), ended: exitStatus !== "" ? `exit ${exitStatus}` : `signal ${exitSignal}` };
    },
    kill: async () => {
      await tmuxRun("kill-server").catch(() => undefined);
    },
  };
}

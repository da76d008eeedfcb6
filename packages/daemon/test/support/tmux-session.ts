import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A program running in a detached tmux session of its own tmux server, read as a person would see it. */
export type TmuxSession = {
  /** The visible screen, as text. */
  readonly screen: () => Promise<string>;
  /** Keys as `tmux send-keys` names them: "q", "C-c", "Enter". */
  readonly sendKeys: (...keys: string[]) => Promise<void>;
  /** The pid of the pane's process and, once the program ended (the pane stays), how: "exit 0", "exit 130". */
  readonly pane: () => Promise<{ readonly pid: number; readonly ended: string | null }>;
  /** Ends the tmux server and whatever still runs in it. */
  readonly kill: () => Promise<void>;
};

/**
 * Runs `argv` in a `width`×`height` tmux session whose server listens on a socket in `dir`, so it never
 * meets another tmux; `env` is set for the program on top of the test's environment, without the CI
 * markers that make a terminal UI draw nothing until it exits. A shell runs `argv` as "$@", unparsed.
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
  // tmux 3.3a sometimes never records a dead pane's exit status, so the program's end is written down
  // by the shell that runs it; a signal shows as 128 + its number.
  const endedFile = join(dir, "ended");
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
      "/bin/sh",
      "-c",
      '"$@"; echo "exit $?" > "$0"',
      endedFile,
      ...argv,
    ]),
  );
  return {
    screen: () => tmuxRun("capture-pane", "-p", "-t", "main"),
    sendKeys: async (...keys) => {
      await tmuxRun("send-keys", "-t", "main", ...keys);
    },
    pane: async () => {
      const pid = Number(await tmuxRun("display-message", "-p", "-t", "main", "#{pane_pid}"));
      const ended = await readFile(endedFile, "utf8").catch(() => null);
      // The shell makes the file before it writes to it: empty means not yet.
      return { pid, ended: ended?.trim() || null };
    },
    kill: async () => {
      await tmuxRun("kill-server").catch(() => undefined);
    },
  };
}

import { readdir, readFile } from "node:fs/promises";

/** A running process as /proc shows it. */
export type ProcessEntry = {
  readonly pid: number;
  /** argv joined by spaces, as `pgrep -f` matches it; empty for kernel threads and zombies. */
  readonly commandLine: string;
};

/** Every process whose /proc entry could be read; ones that exit while it is read are left out. */
export async function listProcesses(): Promise<ProcessEntry[]> {
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name)).map(Number);
  const entries = await Promise.all(
    pids.map(async (pid) => {
      try {
        const raw = await readFile(`/proc/${pid}/cmdline`, "utf8");
        return { pid, commandLine: raw.split("\0").filter(Boolean).join(" ") };
      } catch {
        return undefined;
      }
    }),
  );
  return entries.filter((entry) => entry !== undefined);
}

/** Whether `pid` is a live process: it has a /proc entry and is not a zombie awaiting its parent. */
export async function isProcessRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The state follows the parenthesised command name, which may itself hold ") ".
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

import { readdirSync, readFileSync } from "node:fs";

export type ProcessInfo = { readonly pid: number; readonly command: string };

/** Every process below `pid`, with its command line (Linux, read from /proc). */
export function descendantsOf(pid: number): ProcessInfo[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const below = (of: number): number[] =>
    (children.get(of) ?? []).flatMap((child) => [child, ...below(child)]);
  return below(pid).map((child) => ({ pid: child, command: commandLineOf(child) }));
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Whether `pid` runs: it exists and is not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  try {
    return statOf(pid).state !== "Z";
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    return statOf(pid).ppid;
  } catch {
    // Gone between listing /proc and reading it.
    return undefined;
  }
}

function statOf(pid: number): { state: string; ppid: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name, in parentheses, may hold spaces and parentheses: fields follow the last ")".
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: state!, ppid: Number(ppid) };
}

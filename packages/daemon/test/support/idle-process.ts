import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";

export type IdleProcess = {
  readonly pid: number;
  /** A word on its command line that no other process has, for a name pattern. */
  readonly marker: string;
  /** SIGKILLs it and resolves once it exited. */
  kill(): Promise<void>;
};

/** A real process that idles until killed, with a unique marker among its arguments. */
export async function startIdleProcess(marker = `orbt-idle-${randomUUID()}`): Promise<IdleProcess> {
  const child: ChildProcess = spawn(process.execPath, ["-e", "setInterval(() => {}, 60_000)", marker], {
    stdio: "ignore",
  });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid!,
    marker,
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Replaces `current` by a new process with the same marker, writing its pid to `pidfile`. */
export async function restartIdleProcess(current: IdleProcess, pidfile: string): Promise<IdleProcess> {
  await current.kill();
  const next = await startIdleProcess(current.marker);
  await writeFile(pidfile, `${next.pid}\n`);
  return next;
}

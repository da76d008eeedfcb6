// A decode thread's entry (see DecodePool): runs each task it is posted, and posts its result back.
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { DECODE_TASKS, type DecodeKind } from "./decode-tasks.js";
import { describeError } from "./describe-error.js";
import { ownedBuffers } from "./owned-buffers.js";

/** How much less a decode thread asks of the CPU than the event loop (nice, 0 to 19). */
const DECODE_THREAD_NICENESS = 10;

export type DecodeRequest = { readonly id: number; readonly kind: DecodeKind; readonly task: unknown };
export type DecodeReply =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly failure: string };

const port = parentPort;
if (port === null) throw new Error("decode-worker runs as a worker thread");
// On Linux a nice value is a thread's own: where the cores are fewer than the threads that want them, the
// event loop, which runs checks and remedies, goes first. (Elsewhere it would be the whole process's.)
if (process.platform === "linux") setPriority(DECODE_THREAD_NICENESS);
port.on("message", ({ id, kind, task }: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    reply = { id, result: (DECODE_TASKS[kind] as (task: unknown) => unknown)(task) };
  } catch (cause) {
    reply = { id, failure: describeError(cause) };
  }
  port.postMessage(reply, "result" in reply ? ownedBuffers(reply.result) : []);
});

// A decode thread's entry (see DecodePool): runs each task it is posted, and posts its result back.
import { parentPort } from "node:worker_threads";
import { DECODE_TASKS, DECODE_WIRES, type DecodeKind } from "./decode-tasks.js";
import { describeError } from "./describe-error.js";
import { ownedBuffers } from "./owned-buffers.js";

export type DecodeRequest = { readonly id: number; readonly kind: DecodeKind; readonly task: unknown };
export type DecodeReply =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly failure: string };

const port = parentPort;
if (port === null) throw new Error("decode-worker runs as a worker thread");
port.on("message", ({ id, kind, task }: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    const result = (DECODE_TASKS[kind] as (task: unknown) => unknown)(task);
    const wire = DECODE_WIRES[kind] as { pack: (result: unknown) => unknown } | undefined;
    reply = { id, result: wire === undefined ? result : wire.pack(result) };
  } catch (cause) {
    reply = { id, failure: describeError(cause) };
  }
  port.postMessage(reply, "result" in reply ? ownedBuffers(reply.result) : []);
});

import { Worker } from "node:worker_threads";
import type { Logger } from "../../create-logger.js";
import { DECODE_WIRES, type DecodeKind, type DecodeTasks } from "./decode-tasks.js";
import type { DecodeReply, DecodeRequest } from "./decode-worker.js";
import { describeError } from "./describe-error.js";
import type { IngestDecoder } from "./ingest-decoder.js";
import { ownedBuffers } from "./owned-buffers.js";

// Beside this module as compiled, and beside the bundle (scripts/bundle.js builds it there); run from the
// TypeScript sources (the tests), the thread loads its source through tsx.
const WORKER_URL = new URL(
  import.meta.url.endsWith(".ts") ? "./decode-worker.ts" : "./decode-worker.js",
  import.meta.url,
);

type Pending = {
  readonly kind: DecodeKind;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
};
type Thread = { readonly worker: Worker; readonly pending: Map<number, Pending> };

/**
 * Decodes on `size` worker threads, so that snappy, protobuf and OTLP translation do not hold the event loop
 * that runs checks and actions. Threads start on the first task (a daemon that receives nothing carries
 * none) and each task goes to the thread with the fewest in flight. A thread that dies fails its tasks in
 * flight and is started again on the next task; buffers are transferred both ways, not copied.
 */
export class DecodePool implements IngestDecoder {
  readonly #threads: (Thread | undefined)[];
  readonly #log: Logger | undefined;
  #nextId = 0;
  #isClosed = false;

  readonly #workerUrl: URL;

  constructor(
    size: number,
    options: {
      readonly log?: Logger;
      /** The thread's entry: decode-worker's by default. */
      readonly workerUrl?: URL;
    } = {},
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`decode threads: ${size}, expected 1 or more`);
    this.#threads = new Array<Thread | undefined>(size).fill(undefined);
    this.#log = options.log;
    this.#workerUrl = options.workerUrl ?? WORKER_URL;
  }

  decode<K extends DecodeKind>(kind: K, task: DecodeTasks[K]["task"]): Promise<DecodeTasks[K]["result"]> {
    if (this.#isClosed) return Promise.reject(new Error("the decode threads are closed"));
    const index = this.#leastBusy();
    const thread = this.#threads[index] ?? this.#start(index);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { kind, resolve: resolve as (result: unknown) => void, reject });
      const request: DecodeRequest = { id, kind, task };
      thread.worker.postMessage(request, ownedBuffers(task));
    });
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    await Promise.all(this.#threads.map((thread) => thread?.worker.terminate()));
  }

  #leastBusy(): number {
    let best = 0;
    for (let index = 1; index < this.#threads.length; index++) {
      if ((this.#threads[index]?.pending.size ?? 0) < (this.#threads[best]?.pending.size ?? 0)) best = index;
    }
    return best;
  }

  #start(index: number): Thread {
    const worker = this.#workerUrl.pathname.endsWith(".ts")
      ? new Worker(
          `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(this.#workerUrl.href)}, ${JSON.stringify(this.#workerUrl.href)}));`,
          { eval: true },
        )
      : new Worker(this.#workerUrl);
    // Never what keeps the process alive: the servers are.
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    this.#threads[index] = thread;
    worker.on("message", (reply: DecodeReply) => {
      const pending = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (pending === undefined) return;
      if ("failure" in reply) {
        pending.reject(new Error(`decode thread: ${reply.failure}`));
        return;
      }
      const wire = DECODE_WIRES[pending.kind] as { unpack: (packed: unknown) => unknown } | undefined;
      try {
        pending.resolve(wire === undefined ? reply.result : wire.unpack(reply.result));
      } catch (error) {
        pending.reject(new Error(`decode thread: its result does not unpack: ${describeError(error)}`));
      }
    });
    const fail = (error: Error) => {
      if (this.#threads[index] === thread) this.#threads[index] = undefined;
      for (const pending of thread.pending.values()) pending.reject(error);
      thread.pending.clear();
    };
    worker.on("error", (error) => {
      this.#log?.error({ err: error }, "decode thread failed");
      fail(error);
    });
    worker.on("exit", (code) => fail(new Error(`decode thread exited with code ${code}`)));
    return thread;
  }
}

import { Worker } from "node:worker_threads";
import type { Logger } from "../../create-logger.js";
import type { DecodeKind, DecodeTasks } from "./decode-tasks.js";
import type { DecodeReply, DecodeRequest } from "./decode-worker.js";
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
type Queued = Pending & { readonly task: unknown };
type Thread = { readonly worker: Worker; readonly pending: Map<number, Pending> };

/**
 * Tasks posted to a thread before it finished its last: one runs while the next is on its way, so that a
 * thread does not idle for the round trip of a result and the next task; and no more, so that a task waits
 * behind at most one other on its thread, however long that one takes.
 */
const TASKS_IN_FLIGHT_PER_THREAD = 2;

/**
 * Decodes on `size` worker threads, so that snappy, protobuf and OTLP translation do not hold the event loop
 * that runs checks and actions. Threads start on the first task (a daemon that receives nothing carries
 * none). Tasks wait in one queue and go out oldest first, each to the least busy thread with room: a task
 * waits behind at most one other on its thread, and never behind one that came after it. (Posted to a
 * thread on arrival, a task could wait behind several, a long one among them, while the other thread ran
 * dry.) A thread that dies fails its tasks in flight and is started again for the next task; buffers are
 * transferred both ways, not copied.
 */
export class DecodePool implements IngestDecoder {
  readonly #threads: (Thread | undefined)[];
  readonly #log: Logger | undefined;
  #queued: Queued[] = [];
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
    return new Promise((resolve, reject) => {
      this.#queued.push({
        kind,
        task,
        resolve: resolve as (result: unknown) => void,
        reject,
      });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    const queued = this.#queued;
    this.#queued = [];
    for (const task of queued) task.reject(new Error("the decode threads are closed"));
    await Promise.all(this.#threads.map((thread) => thread?.worker.terminate()));
  }

  /** Posts the oldest queued tasks to the threads with room, the least busy first. */
  #dispatch(): void {
    let posted = 0;
    while (posted < this.#queued.length) {
      const index = this.#leastBusy();
      const thread = this.#threads[index] ?? this.#start(index);
      if (thread.pending.size >= TASKS_IN_FLIGHT_PER_THREAD) break;
      const { task, ...pending } = this.#queued[posted++]!;
      const id = this.#nextId++;
      thread.pending.set(id, pending);
      const request: DecodeRequest = { id, kind: pending.kind, task };
      thread.worker.postMessage(request, ownedBuffers(task));
    }
    if (posted > 0) this.#queued = this.#queued.slice(posted);
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
      this.#dispatch();
      if (pending === undefined) return;
      if ("failure" in reply) pending.reject(new Error(`decode thread: ${reply.failure}`));
      else pending.resolve(reply.result);
    });
    const fail = (error: Error) => {
      if (this.#threads[index] === thread) this.#threads[index] = undefined;
      for (const pending of thread.pending.values()) pending.reject(error);
      thread.pending.clear();
      if (!this.#isClosed) this.#dispatch();
    };
    worker.on("error", (error) => {
      this.#log?.error({ err: error }, "decode thread failed");
      fail(error);
    });
    worker.on("exit", (code) => fail(new Error(`decode thread exited with code ${code}`)));
    return thread;
  }
}

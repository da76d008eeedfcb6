import { DECODE_TASKS, type DecodeKind, type DecodeTasks } from "./decode-tasks.js";

/** Where the receivers decode bodies: on the event loop (`INLINE_DECODER`) or on threads (`DecodePool`). */
export type IngestDecoder = {
  /** Rejects only when a decode thread failed (the body may be fine: answer 503); a bad body is a result. */
  decode<K extends DecodeKind>(kind: K, task: DecodeTasks[K]["task"]): Promise<DecodeTasks[K]["result"]>;
  close(): Promise<void>;
};

/** Decodes on the event loop, as `ingest.decode_threads: 0` asks. */
export const INLINE_DECODER: IngestDecoder = {
  decode: async (kind, task) =>
    (DECODE_TASKS[kind] as (task: unknown) => DecodeTasks[typeof kind]["result"])(task),
  close: async () => {},
};

import type { Logger } from "../../create-logger.js";
import { DecodePool } from "./decode-pool.js";
import { INLINE_DECODER, type IngestDecoder } from "./ingest-decoder.js";

/** `ingest.decode_threads` when the config does not say. */
export const DEFAULT_DECODE_THREADS = 2;

/** The decoder `ingest.decode_threads` asks for: that many threads, or the event loop itself for 0. */
export function createIngestDecoder(threads: number, log?: Logger): IngestDecoder {
  return threads === 0 ? INLINE_DECODER : new DecodePool(threads, { log });
}

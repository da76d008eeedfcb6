import { createRequire } from "node:module";
import { err, ok, type Result } from "@orbt/core";
import { describeError } from "./describe-error.js";
import type { IngestError } from "./ingest-error.js";

/**
 * Decompresses a snappy block-format body (what remote_write sends) with the native `snappy` binding. The
 * uncompressed length is read from the varint header and refused above `maxDecodedBytes` before anything
 * is allocated; the decoder allocates exactly that length and fails on a stream that would outgrow it.
 */
export function uncompressSnappyBlock(
  body: Uint8Array,
  maxDecodedBytes: number,
): Result<Uint8Array, IngestError> {
  const declared = readUncompressedLength(body);
  if (declared === undefined) {
    return err({ code: "malformed_body", message: "invalid snappy block: bad length header" });
  }
  if (declared > maxDecodedBytes) {
    return err({
      code: "body_too_large",
      message: `snappy body declares ${declared} bytes, above the limit of ${maxDecodedBytes} bytes`,
      limitBytes: maxDecodedBytes,
    });
  }
  try {
    // Copied into a V8-owned buffer: an external buffer per request (the default) costs more in finalizers
    // and external-memory GC pressure than the copy does.
    return ok(loadSnappy().uncompressSync(body, { asBuffer: true, copyOutputData: true }) as Buffer);
  } catch (cause) {
    return err({ code: "malformed_body", message: `invalid snappy block: ${describeError(cause)}` });
  }
}

type Snappy = typeof import("snappy");
let snappy: Snappy | undefined;

// Loaded on the first remote_write body, not at start: the binding brings its own runtime threads and
// about 5 MB of resident memory that a daemon receiving no remote_write should not carry.
function loadSnappy(): Snappy {
  snappy ??= createRequire(import.meta.url)("snappy") as Snappy;
  return snappy;
}

/** The snappy preamble: the uncompressed length as a little-endian base-128 varint of at most 32 bits. */
function readUncompressedLength(body: Uint8Array): number | undefined {
  let length = 0;
  for (let index = 0; index < 5; index++) {
    const byte = body[index];
    if (byte === undefined) return undefined;
    length += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) return length <= 0xffffffff ? length : undefined;
  }
  return undefined;
}

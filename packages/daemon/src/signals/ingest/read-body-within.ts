import { err, ok, type Result } from "@orbt/core";
import { checkBodySize } from "./body-size.js";
import type { IngestError } from "./ingest-error.js";

/**
 * Reads a request body, refusing it by its declared Content-Length, or as soon as the bytes read pass
 * `maxBodyBytes`, so an oversized upload is never buffered whole.
 */
export async function readBodyWithin(
  request: Request,
  maxBodyBytes: number,
): Promise<Result<Uint8Array, IngestError>> {
  const length = request.headers.get("content-length");
  const declared = Number(length ?? "0");
  if (Number.isFinite(declared)) {
    const size = checkBodySize(declared, maxBodyBytes);
    if (!size.ok) return size;
  }
  if (length !== null && Number.isFinite(declared) && request.headers.get("transfer-encoding") === null) {
    return readDeclared(request, maxBodyBytes);
  }
  if (request.body === null) return ok(new Uint8Array(0));
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      return err({ code: "malformed_body", message: "the request body could not be read" });
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    const size = checkBodySize(total, maxBodyBytes);
    if (!size.ok) {
      await reader.cancel().catch(() => undefined);
      return size;
    }
    chunks.push(chunk.value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return ok(body);
}

/**
 * A body of declared length, within the limit, read at once: Node's HTTP parser reads no more than the
 * declared length, and the Node adapter then reads the socket without building a web stream. The size is
 * checked again for a runtime that does not hold the body to its Content-Length.
 */
async function readDeclared(
  request: Request,
  maxBodyBytes: number,
): Promise<Result<Uint8Array, IngestError>> {
  let body: Uint8Array;
  try {
    body = new Uint8Array(await request.arrayBuffer());
  } catch {
    return err({ code: "malformed_body", message: "the request body could not be read" });
  }
  const size = checkBodySize(body.byteLength, maxBodyBytes);
  return size.ok ? ok(body) : size;
}

import { describe, expect, it } from "vitest";
import { readBodyWithin } from "./read-body-within.js";

function post(body: Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request("http://orbt.test/write", {
    method: "POST",
    headers,
    body: body as Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

function chunked(chunks: number, chunkBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === chunks) controller.close();
      else {
        sent += 1;
        controller.enqueue(new Uint8Array(chunkBytes).fill(sent));
      }
    },
  });
}

describe("readBodyWithin", () => {
  it("reads a body of declared length, and one streamed without a length", async () => {
    const bytes = Uint8Array.of(1, 2, 3, 4);
    expect(await readBodyWithin(post(bytes, { "content-length": "4" }), 10)).toEqual({
      ok: true,
      value: bytes,
    });
    expect(await readBodyWithin(post(chunked(3, 2)), 10)).toEqual({
      ok: true,
      value: Uint8Array.of(1, 1, 2, 2, 3, 3),
    });
  });

  it("refuses a body past the limit by its declared length, by what it streams, or by what it holds", async () => {
    const refused = { ok: false, error: { code: "body_too_large", limitBytes: 10 } };
    expect(await readBodyWithin(post(new Uint8Array(11), { "content-length": "11" }), 10)).toMatchObject(
      refused,
    );
    expect(await readBodyWithin(post(chunked(100, 4)), 10)).toMatchObject(refused);
    // A runtime that does not hold the body to its Content-Length: the bytes read are checked too.
    expect(await readBodyWithin(post(new Uint8Array(11), { "content-length": "4" }), 10)).toMatchObject(
      refused,
    );
  });
});

import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { uncompressSnappyBlock } from "./snappy-block.js";

describe("uncompressSnappyBlock", () => {
  it("round-trips what snappyjs compresses", () => {
    const original = new TextEncoder().encode("remote write ".repeat(100));
    const result = uncompressSnappyBlock(compress(original), 10_000);
    expect(result.ok && new Uint8Array(result.value)).toEqual(original);
  });

  it("refuses from the header alone a body that declares more than the limit", () => {
    // Declares 2^32-1 bytes; nothing after the header, so only the header can have refused it.
    const header = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f);
    expect(uncompressSnappyBlock(header, 1024)).toMatchObject({
      ok: false,
      error: { code: "body_too_large", limitBytes: 1024 },
    });
    const real = compress(new Uint8Array(5000));
    expect(uncompressSnappyBlock(real, 4999)).toMatchObject({ ok: false, error: { code: "body_too_large" } });
  });

  it("calls a bad header or a truncated stream malformed", () => {
    for (const body of [new Uint8Array(0), Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)]) {
      expect(uncompressSnappyBlock(body, 1024)).toMatchObject({
        ok: false,
        error: { code: "malformed_body" },
      });
    }
    const truncated = compress(new TextEncoder().encode("abcdefgh".repeat(20))).subarray(0, 6);
    expect(uncompressSnappyBlock(truncated, 1024)).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
  });
});

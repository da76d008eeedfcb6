import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeContentEncoding } from "./content-encoding.js";

const LIMITS = { maxBodyBytes: 1024, maxDecodedBytes: 64 * 1024 };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("decodeContentEncoding", () => {
  it("passes an identity body through and inflates gzip", () => {
    const plain = new TextEncoder().encode("hello");
    expect(decodeContentEncoding(plain, undefined, LIMITS)).toEqual({ ok: true, value: plain });
    const inflated = decodeContentEncoding(gzipSync(plain), "GZIP ", LIMITS);
    expect(inflated.ok && text(inflated.value)).toBe("hello");
  });

  it("refuses a wire body over maxBodyBytes", () => {
    expect(decodeContentEncoding(new Uint8Array(1025), "identity", LIMITS)).toMatchObject({
      ok: false,
      error: { code: "body_too_large", limitBytes: 1024 },
    });
  });

  it("stops a gzip bomb at maxDecodedBytes", () => {
    const bomb = gzipSync(new Uint8Array(50 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(LIMITS.maxBodyBytes * 100);
    const result = decodeContentEncoding(bomb, "gzip", {
      maxBodyBytes: bomb.byteLength,
      maxDecodedBytes: 64 * 1024,
    });
    expect(result).toMatchObject({ ok: false, error: { code: "body_too_large", limitBytes: 64 * 1024 } });
  });

  it("calls a broken gzip stream malformed and an unknown encoding unsupported", () => {
    const truncated = gzipSync(new TextEncoder().encode("hello world")).subarray(0, 12);
    expect(decodeContentEncoding(truncated, "gzip", LIMITS)).toMatchObject({
      ok: false,
      error: { code: "malformed_body" },
    });
    expect(decodeContentEncoding(new Uint8Array(1), "br", LIMITS)).toMatchObject({
      ok: false,
      error: { code: "unsupported_content_encoding" },
    });
  });
});

import { describe, expect, it } from "vitest";
import { hashBytes, hashUnits } from "./hash-bytes.js";

describe("hashBytes and hashUnits", () => {
  it("hash UTF-16 units alike whether read as units or as their little-endian bytes, from any seed", () => {
    const units = Uint16Array.from("xé雪\ud800😀 some longer text", (char) => char.charCodeAt(0));
    const view = new DataView(units.buffer);
    for (let start = 0; start < units.length; start++) {
      for (let length = 0; start + length <= units.length; length++) {
        for (const seed of [0, 7, -123456]) {
          expect(hashUnits(units, start, length, seed)).toBe(hashBytes(view, 2 * start, 2 * length, seed));
        }
      }
    }
  });

  it("tells apart texts that differ in a byte, in their length or in the seed", () => {
    const bytes = new DataView(new TextEncoder().encode("abcdefgh").buffer);
    const hashes = new Set([
      hashBytes(bytes, 0, 8),
      hashBytes(bytes, 0, 7),
      hashBytes(bytes, 1, 7),
      hashBytes(bytes, 0, 8, 1),
      hashBytes(bytes, 0, 0),
    ]);
    expect(hashes.size).toBe(5);
  });

  it("gives MurmurHash3's value, cut to 30 bits", () => {
    // MurmurHash3_x86_32("hello", seed 0) = 0x248bfa47.
    const hello = new DataView(new TextEncoder().encode("hello").buffer);
    expect(hashBytes(hello, 0, 5)).toBe(0x248bfa47 & 0x3fffffff);
  });
});

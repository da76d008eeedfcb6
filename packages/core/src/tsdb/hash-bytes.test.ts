import { describe, expect, it } from "vitest";
import { hashBytes, hashUnits } from "./hash-bytes.js";

// The texts are ASCII: a char per byte.
const encode = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe("hashBytes and hashUnits", () => {
  it("hash UTF-16 units alike whether read as units or as their little-endian bytes, from any seed", () => {
    const units = Uint16Array.from("xé雪\ud800😀 some longer text", (char) => char.charCodeAt(0));
    const bytes = new Uint8Array(units.buffer);
    for (let start = 0; start < units.length; start++) {
      for (let length = 0; start + length <= units.length; length++) {
        for (const seed of [0, 7, -123456]) {
          expect(hashUnits(units, start, length, seed)).toBe(hashBytes(bytes, 2 * start, 2 * length, seed));
        }
      }
    }
  });

  it("hash equal bytes alike wherever they lie in a buffer, whatever their length", () => {
    const key = encode('http_requests_total{code="200",method="GET"}');
    for (let length = 0; length <= key.length; length++) {
      const expected = hashBytes(key, 0, length, 5);
      for (let offset = 1; offset < 8; offset++) {
        const buffer = new Uint8Array(offset + length + 3).fill(0xee);
        buffer.set(key.subarray(0, length), offset);
        expect(hashBytes(buffer, offset, length, 5)).toBe(expected);
        // A view that starts inside its buffer.
        expect(hashBytes(buffer.subarray(offset), 0, length, 5)).toBe(expected);
      }
    }
  });

  it("tells apart texts that differ in a byte, in their length or in the seed", () => {
    const bytes = encode("abcdefgh");
    const hashes = new Set([
      hashBytes(bytes, 0, 8),
      hashBytes(bytes, 0, 7),
      hashBytes(bytes, 1, 7),
      hashBytes(bytes, 0, 8, 1),
      hashBytes(bytes, 0, 8, 2),
      hashBytes(bytes, 0, 0),
      hashBytes(bytes, 0, 0, 1),
      hashBytes(encode("abcdefgi"), 0, 8),
    ]);
    expect(hashes.size).toBe(8);
  });

  it("reads the tail of a length not a multiple of 4, and only that", () => {
    for (let length = 1; length <= 7; length++) {
      const bytes = new Uint8Array(length + 1).fill(0x61);
      const whole = hashBytes(bytes, 0, length);
      bytes[length] = 0x62;
      expect(hashBytes(bytes, 0, length)).toBe(whole);
      bytes[length - 1] = 0x62;
      expect(hashBytes(bytes, 0, length)).not.toBe(whole);
    }
  });

  it("gives MurmurHash3's value, cut to 30 bits", () => {
    // MurmurHash3_x86_32("hello", seed 0) = 0x248bfa47; ("The quick brown fox jumps over the lazy dog",
    // seed 0) = 0x2e4ff723: a tail of 3 bytes.
    expect(hashBytes(encode("hello"), 0, 5)).toBe(0x248bfa47 & 0x3fffffff);
    const fox = encode("The quick brown fox jumps over the lazy dog");
    expect(hashBytes(fox, 0, fox.length)).toBe(0x2e4ff723 & 0x3fffffff);
  });

  it("spreads many short keys over the 30 bits with few collisions", () => {
    const count = 100_000;
    const hashes = new Set<number>();
    let outOfRange = 0;
    // How often each of the low 10 bits (a hash table's slot) is set.
    const lowBits = new Array<number>(10).fill(0);
    for (let i = 0; i < count; i++) {
      const key = encode(`up{instance="host-${i}"}`);
      const hash = hashBytes(key, 0, key.length);
      if (hash < 0 || hash >= 2 ** 30) outOfRange++;
      hashes.add(hash);
      for (let bit = 0; bit < 10; bit++) lowBits[bit]! += (hash >>> bit) & 1;
    }
    expect(outOfRange).toBe(0);
    // 100k random 30-bit values collide some 4.7 times on average.
    expect(count - hashes.size).toBeLessThan(20);
    for (const ones of lowBits) expect(Math.abs(ones / count - 0.5)).toBeLessThan(0.01);
  });
});

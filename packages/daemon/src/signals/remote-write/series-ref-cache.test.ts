import { describe, expect, it } from "vitest";
import { SeriesRefCache } from "./series-ref-cache.js";

/** `text` at `offset` in a DataView of its own, with bytes around it that are not part of the key. */
function at(text: string, offset: number): [DataView, number, number] {
  const bytes = new Uint8Array(offset + text.length + 3).fill(0x7f);
  bytes.set(new TextEncoder().encode(text), offset);
  return [new DataView(bytes.buffer), offset, offset + text.length];
}

describe("SeriesRefCache", () => {
  it("finds a ref by equal bytes wherever they lie, and nothing for other bytes", () => {
    const cache = new SeriesRefCache();
    cache.set(...at("up{job=api}", 5), 7);
    cache.set(...at("up{job=web}", 0), 8);
    expect(cache.get(...at("up{job=api}", 13))).toBe(7);
    expect(cache.get(...at("up{job=web}", 1))).toBe(8);
    expect(cache.get(...at("up{job=ap}", 0))).toBeUndefined();
    expect(cache.get(...at("up{job=apj}", 0))).toBeUndefined();
    cache.set(...at("up{job=api}", 0), 9);
    expect(cache.get(...at("up{job=api}", 2))).toBe(9);
  });

  it("hashes keys in a view that starts inside its buffer, one view holding many keys as a request's does", () => {
    const cache = new SeriesRefCache();
    const bytes = new TextEncoder().encode("~~~up{job=api}up{job=web}");
    const request = new DataView(bytes.buffer, 3);
    cache.set(request, 0, 11, 1);
    cache.set(request, 11, 22, 2);
    const later = new DataView(new TextEncoder().encode("..up{job=web}up{job=api}").buffer, 1);
    // Out of the order they were set in, so that the guess misses and each key is hashed.
    expect(cache.get(later, 1, 12)).toBe(2);
    expect(cache.get(later, 12, 23)).toBe(1);
    expect(cache.get(...at("up{job=web}", 4))).toBe(2);
  });

  it("follows the order series came in last time only as far as their bytes match", () => {
    const cache = new SeriesRefCache();
    for (const [ref, key] of ["job=a", "job=b", "job=c"].entries()) cache.set(...at(key, 0), ref + 1);
    const lookUp = (...keys: string[]) => keys.map((key) => cache.get(...at(key, 1)));
    expect(lookUp("job=a", "job=b", "job=c")).toEqual([1, 2, 3]);
    expect(lookUp("job=a", "job=x", "job=c")).toEqual([1, undefined, 3]);
    expect(lookUp("job=a", "job=c", "job=b", "job=a")).toEqual([1, 3, 2, 1]);
    cache.set(...at("job=c", 0), 30);
    expect(lookUp("job=b", "job=c", "job=b", "job=c")).toEqual([2, 30, 2, 30]);
  });

  it("keeps series looked up every period and forgets those no longer sent", () => {
    const cache = new SeriesRefCache(2, 4);
    const keys = Array.from({ length: 100 }, (_, i) => `series-${i}-${"x".repeat(i % 7)}`);
    for (const [ref, key] of keys.entries()) cache.set(...at(key, 0), ref + 1);
    // Each round looks up the first 50 only; a period is 200 lookups (2 × 100 entries), then 100.
    for (let round = 0; round < 20; round++) {
      for (const [ref, key] of keys.slice(0, 50).entries()) expect(cache.get(...at(key, 3))).toBe(ref + 1);
    }
    expect(keys.slice(50).filter((key) => cache.get(...at(key, 0)) !== undefined)).toEqual([]);
  });
});

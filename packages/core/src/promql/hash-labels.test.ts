import { describe, expect, it } from "vitest";
import { hashLabelsToUnit, xxhash64 } from "./hash-labels.js";

const bytesOf = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

describe("xxhash64", () => {
  it.each([
    ["", 0xef46db3751d8e999n],
    ["a", 0xd24ec4f1a98c6e5bn],
    ["abc", 0x44bc2cf5ad770999n],
    ["Nobody inspects the spammish repetition", 0xfbcea83c8a378bf1n],
  ])("matches the reference digest of %j", (text, digest) => {
    expect(xxhash64(bytesOf(text))).toBe(digest);
  });

  it("hashes long inputs through the stripe loop deterministically", () => {
    const long = bytesOf("x".repeat(100));
    expect(xxhash64(long)).toBe(xxhash64([...long]));
    expect(xxhash64(long)).not.toBe(xxhash64(long.slice(1)));
  });
});

describe("hashLabelsToUnit", () => {
  it("maps label sets into [0, 1) independently of key order", () => {
    const a = hashLabelsToUnit({ job: "x", __name__: "up" });
    expect(a).toBe(hashLabelsToUnit({ __name__: "up", job: "x" }));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
  });
});

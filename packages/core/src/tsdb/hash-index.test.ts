import { describe, expect, it } from "vitest";
import { HashIndex } from "./hash-index.js";

type Entry = { readonly hash: number; readonly name: string };

const isNamed = (entry: Entry, name: string) => entry.name === name;

describe("HashIndex", () => {
  it("finds each of several values under one hash, and each after deletions around it", () => {
    const index = new HashIndex<Entry>();
    // Few distinct hashes: long probe runs, deleted from at their start, middle and end.
    const entries = Array.from({ length: 5_000 }, (_, i) => ({ hash: (i % 700) * 1024, name: `e${i}` }));
    for (const entry of entries) index.add(entry.hash, entry);
    for (const entry of entries.filter((_, i) => i % 4 === 1))
      expect(index.delete(entry.hash, entry)).toBe(true);
    expect(index.delete(entries[1]!.hash, entries[1]!)).toBe(false);
    expect(index.size).toBe(3_750);
    for (const [i, entry] of entries.entries()) {
      expect(index.find(entry.hash, isNamed, entry.name)).toBe(i % 4 === 1 ? undefined : entry);
    }
  });

  it("keeps only what `retain` keeps", () => {
    const index = new HashIndex<Entry>();
    const entries = Array.from({ length: 2_000 }, (_, i) => ({ hash: i * 7919, name: `e${i}` }));
    for (const entry of entries) index.add(entry.hash, entry);
    index.retain((entry) => entry.name.endsWith("0"));
    expect(index.size).toBe(200);
    expect(index.find(entries[10]!.hash, isNamed, "e10")).toBe(entries[10]);
    expect(index.find(entries[11]!.hash, isNamed, "e11")).toBeUndefined();
  });

  it("retains in place across a probe run that wraps past the table's end", () => {
    const index = new HashIndex<Entry>();
    // In 1,024 slots, hashes homed at the last slot run on from the first.
    const entries = Array.from({ length: 200 }, (_, i) => ({ hash: i % 2 === 0 ? 1023 : 1, name: `e${i}` }));
    for (const entry of entries) index.add(entry.hash, entry);
    index.retain((entry) => Number(entry.name.slice(1)) % 3 !== 0);
    for (const [i, entry] of entries.entries()) {
      expect(index.find(entry.hash, isNamed, entry.name)).toBe(i % 3 === 0 ? undefined : entry);
    }
    expect(index.size).toBe(133);
    // A run of one hash, emptied: each deletion shifts the rest of the run into the slot just freed.
    index.retain((entry) => entry.hash !== 1023);
    expect(index.size).toBe(67);
    for (const entry of entries)
      if (entry.hash === 1023) expect(index.find(1023, isNamed, entry.name)).toBeUndefined();
  });
});

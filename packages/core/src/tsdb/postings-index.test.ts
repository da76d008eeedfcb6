import { describe, expect, it } from "vitest";
import { PostingsIndex } from "./postings-index.js";

const labelsOf = (ref: number) => ({ job: "api", shard: String(ref % 3), id: String(ref) });

function indexOf(count: number): PostingsIndex {
  const index = new PostingsIndex();
  for (let ref = 1; ref <= count; ref++) index.add(ref, labelsOf(ref));
  return index;
}

describe("PostingsIndex", () => {
  it("keeps refs ascending through growth, and intersects and unites them", () => {
    const index = indexOf(1_000);
    expect(Array.from(index.candidates([{ name: "job", type: "=", value: "api" }])!)).toEqual(
      Array.from({ length: 1_000 }, (_, i) => i + 1),
    );
    const shardOne = [{ name: "shard", type: "=", value: "1" } as const];
    expect(Array.from(index.candidates(shardOne)!).slice(0, 3)).toEqual([1, 4, 7]);
    const either = index.candidates([
      { name: "job", type: "=", value: "api" },
      { name: "shard", type: "=~", value: "0|2" },
      { name: "id", type: "=~", value: "[1-6]" },
    ]);
    expect(Array.from(either!)).toEqual([2, 3, 5, 6]);
  });

  it("drops removed refs down to one, then none, and forgets the value", () => {
    const index = indexOf(100);
    const removeRefs = (refs: number[]) => index.remove(new Set(refs), refs.map(labelsOf));
    removeRefs(Array.from({ length: 90 }, (_, i) => i + 1));
    expect(Array.from(index.candidates([{ name: "job", type: "=", value: "api" }])!)).toEqual([
      91, 92, 93, 94, 95, 96, 97, 98, 99, 100,
    ]);
    index.add(101, labelsOf(101));
    removeRefs([91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(Array.from(index.candidates([{ name: "job", type: "=", value: "api" }])!)).toEqual([100, 101]);
    removeRefs([101]);
    expect(Array.from(index.candidates([{ name: "job", type: "=", value: "api" }])!)).toEqual([100]);
    removeRefs([100]);
    expect(index.labelValues("job")).toEqual([]);
    expect(index.labelNames()).toEqual([]);
  });

  it("keeps a few refs of a value in order through removals", () => {
    const index = indexOf(12);
    index.remove(new Set([3, 4, 9]), [3, 4, 9].map(labelsOf));
    expect(Array.from(index.candidates([{ name: "shard", type: "=", value: "0" }])!)).toEqual([6, 12]);
    expect(Array.from(index.candidates([{ name: "shard", type: "!~", value: "0|" }])!)).toEqual([
      1, 2, 5, 7, 8, 10, 11,
    ]);
    index.add(13, labelsOf(13));
    expect(Array.from(index.candidates([{ name: "shard", type: "=", value: "1" }])!)).toEqual([1, 7, 10, 13]);
  });
});

import { describe, expect, it } from "vitest";
import type { Labels } from "../promql/labels.js";
import { RefsByLabels } from "./refs-by-labels.js";

// Two label sets whose 32-bit hashes are equal, found by search.
const COLLIDING: readonly Labels[] = [
  { __name__: "up", instance: "host-229599" },
  { __name__: "up", instance: "host-432382" },
];

function refsOf(entries: readonly Labels[]): RefsByLabels {
  const labelsByRef = new Map<number, Labels>();
  const refs = new RefsByLabels((ref) => labelsByRef.get(ref)!);
  for (const [index, labels] of entries.entries()) {
    labelsByRef.set(index + 1, labels);
    refs.add(labels, index + 1);
  }
  return refs;
}

describe("RefsByLabels", () => {
  it("finds a set whatever the label order, empty values ignored", () => {
    const refs = refsOf([{ __name__: "up", job: "api" }]);
    expect(refs.get({ job: "api", zone: "", __name__: "up" })).toBe(1);
    expect(refs.get({ __name__: "up" })).toBeUndefined();
    expect(refs.get({ __name__: "up", job: "api", zone: "a" })).toBeUndefined();
    expect(refs.get({ __name__: "upjob", "": "api" })).toBeUndefined();
  });

  it("tells apart sets whose hashes collide", () => {
    const refs = refsOf(COLLIDING);
    expect(refs.get({ ...COLLIDING[0] })).toBe(1);
    expect(refs.get({ ...COLLIDING[1] })).toBe(2);
    expect(refs.get({ __name__: "up", instance: "host-0" })).toBeUndefined();
  });

  it("forgets a deleted set and keeps the one it collided with", () => {
    const refs = refsOf(COLLIDING);
    refs.delete(COLLIDING[0]!, 1);
    expect(refs.get(COLLIDING[0]!)).toBeUndefined();
    expect(refs.get(COLLIDING[1]!)).toBe(2);
    refs.delete(COLLIDING[1]!, 2);
    expect(refs.get(COLLIDING[1]!)).toBeUndefined();
    refs.add(COLLIDING[1]!, 2);
    expect(refs.get(COLLIDING[1]!)).toBe(2);
  });
});

describe("RefsByLabels over many sets", () => {
  it("finds every set through growth and deletions anywhere in a probe run", () => {
    const labelsByRef = new Map<number, Labels>();
    const refs = new RefsByLabels((ref) => labelsByRef.get(ref)!);
    const labelsOf = (ref: number): Labels => ({ __name__: "m", i: String(ref % 5_000), j: String(ref) });
    for (let ref = 1; ref <= 20_000; ref++) {
      labelsByRef.set(ref, labelsOf(ref));
      refs.add(labelsOf(ref), ref);
    }
    // Every third set goes: runs of probed slots lose entries at their start, middle and end.
    for (let ref = 3; ref <= 20_000; ref += 3) {
      refs.delete(labelsOf(ref), ref);
      labelsByRef.delete(ref);
    }
    for (let ref = 1; ref <= 20_000; ref++) {
      expect(refs.get(labelsOf(ref))).toBe(ref % 3 === 0 ? undefined : ref);
    }
    refs.add(labelsOf(3), 3);
    labelsByRef.set(3, labelsOf(3));
    expect(refs.get(labelsOf(3))).toBe(3);
  });
});

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

import { describe, expect, it } from "vitest";
import { OtlpSeriesCache } from "./otlp-series-cache.js";
import { attributesKey, type OtlpSample, type OtlpSeriesFamily } from "./translate-otlp-metrics.js";

const UP = { __name__: "up", job: "api" };

/** A family as one request's translation makes it: a new object, with the same key as before. */
const family = (name: string): OtlpSeriesFamily => ({
  name,
  labels: {},
  extraLabel: undefined,
  key: JSON.stringify([name]),
});

const sample = (of: OtlpSeriesFamily, attributes: Record<string, string>): OtlpSample => ({
  family: of,
  attributes,
  attributesKey: attributesKey(attributes),
  timestampMs: 0,
  value: 0,
});

/** Finds each sample as one request, adding the missed ones under refs from `refOf`; returns what was found. */
function request(
  cache: OtlpSeriesCache,
  samples: readonly OtlpSample[],
  refOf: (sample: OtlpSample) => unknown = (s) => JSON.stringify(s.attributes),
) {
  cache.startRequest();
  return samples.map((s) => find(cache, s) ?? add(cache, s, refOf(s), UP));
}

const find = (cache: OtlpSeriesCache, s: OtlpSample) => cache.find(s.family, s.attributesKey);

const add = (cache: OtlpSeriesCache, s: OtlpSample, ref: unknown, labels: typeof UP) =>
  cache.add(s.family, s.attributesKey, ref, labels);

describe("OtlpSeriesCache", () => {
  it("finds a series again by its attributes, in the same position or any other", () => {
    const cache = new OtlpSeriesCache();
    const g = family("g");
    const first = request(cache, [sample(g, { a: "1" }), sample(g, { a: "2" })]);
    const again = family("g");
    cache.startRequest();
    expect(find(cache, sample(again, { a: "1" }))).toBe(first[0]);
    expect(find(cache, sample(again, { a: "2" }))).toBe(first[1]);
    cache.startRequest();
    expect(find(cache, sample(again, { a: "2" }))).toBe(first[1]);
    expect(find(cache, sample(again, { a: "1" }))).toBe(first[0]);
    expect(find(cache, sample(again, { a: "3" }))).toBeUndefined();
    expect(find(cache, sample(family("h"), { a: "1" }))).toBeUndefined();
  });

  it("takes no guess whose attributes differ in a name, a text or their count", () => {
    const others: Record<string, string>[] = [
      { a: "1", c: "2" },
      { a: "1", b: "3" },
      { a: "1" },
      { a: "1", b: "2", c: "3" },
    ];
    for (const attributes of others) {
      const cache = new OtlpSeriesCache();
      request(cache, [sample(family("g"), { a: "1", b: "2" })]);
      cache.startRequest();
      expect(find(cache, sample(family("g"), attributes))).toBeUndefined();
    }
  });

  it("shares one entry among the spellings of one ref, and moves it to a ref the store made anew", () => {
    const cache = new OtlpSeriesCache();
    const g = family("g");
    const [series] = request(cache, [sample(g, { a: "1", b: "2" }), sample(g, { b: "2", a: "1" })], () => 1);
    expect(cache.hasRepeats).toBe(true);
    cache.startRequest();
    expect(find(cache, sample(g, { b: "2", a: "1" }))).toBe(series);
    expect([cache.size, cache.hasRepeats]).toEqual([2, false]);
    cache.replaceRef(series!, 7);
    expect(series?.ref).toBe(7);
    expect(request(cache, [sample(g, { a: "1", b: "3" })], () => 7)).toEqual([series]);
    // The old ref is no longer this series': a series the store makes under it is another one.
    expect(request(cache, [sample(g, { a: "1", b: "4" })], () => 1)).not.toEqual([series]);
  });

  it("drops the series no lookup asked for in two sweep periods, with their keys, refs and positions", () => {
    // Periods of max(2 lookups, 1 × keys).
    const cache = new OtlpSeriesCache(1, 2);
    const [dropped] = request(cache, [sample(family("h"), { a: "dropped" })]);
    const [kept] = request(cache, [sample(family("g"), { a: "kept" })]);
    expect(cache.size).toBe(2);
    // Periods of two lookups that ask only for "kept"; the third sweep drops what two periods missed.
    for (let lookup = 0; lookup < 6; lookup++) {
      expect(request(cache, [sample(family("g"), { a: "kept" })])).toEqual([kept]);
    }
    expect(cache.size).toBe(1);
    // Neither its position in its family nor its key finds the dropped series; its ref makes a new entry.
    const again = sample(family("h"), { a: "dropped" });
    cache.startRequest();
    expect(find(cache, again)).toBeUndefined();
    expect(add(cache, again, JSON.stringify({ a: "dropped" }), UP)).not.toBe(dropped);
  });

  it("keeps a series looked up by any of its keys", () => {
    const cache = new OtlpSeriesCache(1, 2);
    const g = family("g");
    const [series] = request(cache, [sample(g, { a: "1", b: "2" }), sample(g, { b: "2", a: "1" })], () => 1);
    for (let lookup = 0; lookup < 10; lookup++) request(cache, [sample(g, { b: "2", a: "1" })]);
    cache.startRequest();
    expect(find(cache, sample(g, { a: "1", b: "2" }))).toBe(series);
  });
});

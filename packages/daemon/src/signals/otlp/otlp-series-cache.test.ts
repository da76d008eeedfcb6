import { describe, expect, it } from "vitest";
import { toOtlpSampleColumns } from "./otlp-sample-columns.js";
import { type CachedOtlpSeries, OtlpSeriesCache } from "./otlp-series-cache.js";
import type { OtlpSample, OtlpSeriesFamily } from "./translate-otlp-metrics.js";

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
  timestampMs: 0,
  value: 0,
});

/**
 * Starts a request of `samples` as the receiver does, from their columns; `find` and `add` take the
 * index of a sample.
 */
function start(cache: OtlpSeriesCache, samples: readonly OtlpSample[]) {
  const columns = toOtlpSampleColumns(samples);
  const { keyUnits, familyIndexes, seriesHashes, keyStarts, keyEnds } = columns;
  const keys = new DataView(keyUnits.buffer, keyUnits.byteOffset, keyUnits.byteLength);
  const familyIds = cache.startRequest(columns.families);
  const at = (index: number) =>
    [
      familyIds[familyIndexes[index]!]!,
      seriesHashes[index]!,
      keys,
      2 * keyStarts[index]!,
      2 * keyEnds[index]!,
    ] as const;
  return {
    find: (index: number) => cache.find(...at(index)),
    add: (index: number, ref: unknown) => cache.add(...at(index), ref),
  };
}

/** Finds each sample as one request, adding the missed ones under refs from `refOf`; returns what was found. */
function request(
  cache: OtlpSeriesCache,
  samples: readonly OtlpSample[],
  refOf: (sample: OtlpSample) => unknown = (s) => JSON.stringify(s.attributes),
): CachedOtlpSeries[] {
  const { find, add } = start(cache, samples);
  return samples.map((s, index) => find(index) ?? add(index, refOf(s)));
}

describe("OtlpSeriesCache", () => {
  it("finds a series again by its attributes, in the same position or any other", () => {
    const cache = new OtlpSeriesCache();
    const g = family("g");
    const first = request(cache, [sample(g, { a: "1" }), sample(g, { a: "2" })]);
    const again = family("g");
    const inOrder = start(cache, [sample(again, { a: "1" }), sample(again, { a: "2" })]);
    expect([inOrder.find(0), inOrder.find(1)]).toEqual([first[0], first[1]]);
    expect(inOrder.find(0)).toBe(first[0]);
    const reversed = start(cache, [
      sample(again, { a: "2" }),
      sample(again, { a: "1" }),
      sample(again, { a: "3" }),
      sample(family("h"), { a: "1" }),
    ]);
    expect(reversed.find(0)).toBe(first[1]);
    expect(reversed.find(1)).toBe(first[0]);
    expect(reversed.find(2)).toBeUndefined();
    expect(reversed.find(3)).toBeUndefined();
  });

  it("finds no series whose attributes differ in a name, a text or their count", () => {
    const others: Record<string, string>[] = [
      { a: "1", c: "2" },
      { a: "1", b: "3" },
      { a: "1" },
      { a: "1", b: "2", c: "3" },
    ];
    for (const attributes of others) {
      const cache = new OtlpSeriesCache();
      request(cache, [sample(family("g"), { a: "1", b: "2" })]);
      expect(start(cache, [sample(family("g"), attributes)]).find(0)).toBeUndefined();
    }
  });

  it("tells series apart by their family whatever their attributes' bytes", () => {
    const cache = new OtlpSeriesCache();
    const byName = (s: OtlpSample) => s.family.name;
    const [g] = request(cache, [sample(family("g"), { a: "1" })], byName);
    const [h] = request(cache, [sample(family("h"), { a: "1" })], byName);
    expect(h).not.toBe(g);
    const both = start(cache, [sample(family("h"), { a: "1" }), sample(family("g"), { a: "1" })]);
    expect([both.find(0), both.find(1)]).toEqual([h, g]);
    expect(both.find(1)).toBe(g);
    // After h the guess is g, whose bytes are the same.
    const twice = start(cache, [sample(family("h"), { a: "1" }), sample(family("h"), { a: "1" })]);
    expect(twice.find(0)).toBe(h);
    expect(twice.find(1)).toBe(h);
  });

  it("finds keys of any text, lone surrogates and characters outside Latin-1 among them", () => {
    const cache = new OtlpSeriesCache();
    const g = family("g");
    const texts = ["\ud800", "\udc00", "é", "雪", "😀", ""];
    const first = request(
      cache,
      texts.map((text) => sample(g, { a: text })),
      (s) => s.attributes.a,
    );
    expect(new Set(first).size).toBe(texts.length);
    const again = start(
      cache,
      texts.map((text) => sample(g, { a: text })),
    );
    expect(texts.map((_, index) => again.find(index))).toEqual(first);
  });

  it("shares one entry among the spellings of one ref, and moves it to a ref the store made anew", () => {
    const cache = new OtlpSeriesCache();
    const g = family("g");
    const [series] = request(cache, [sample(g, { a: "1", b: "2" }), sample(g, { b: "2", a: "1" })], () => 1);
    expect(cache.hasRepeats).toBe(true);
    expect(start(cache, [sample(g, { b: "2", a: "1" })]).find(0)).toBe(series);
    expect([cache.size, cache.hasRepeats]).toEqual([2, false]);
    cache.replaceRef(series!, 7);
    expect(series?.ref).toBe(7);
    expect(request(cache, [sample(g, { a: "1", b: "3" })], () => 7)).toEqual([series]);
    // The old ref is no longer this series': a series the store makes under it is another one.
    expect(request(cache, [sample(g, { a: "1", b: "4" })], () => 1)).not.toEqual([series]);
  });

  it("drops the series no lookup asked for in two sweep periods, with their keys and refs", () => {
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
    // Its key no longer finds the dropped series; its ref makes a new entry.
    const again = start(cache, [sample(family("h"), { a: "dropped" })]);
    expect(again.find(0)).toBeUndefined();
    expect(again.add(0, JSON.stringify({ a: "dropped" }))).not.toBe(dropped);
  });

  it("keeps a series looked up by any of its keys, and drops the keys no lookup asked for", () => {
    const cache = new OtlpSeriesCache(1, 2);
    const g = family("g");
    const [series] = request(cache, [sample(g, { a: "1", b: "2" }), sample(g, { b: "2", a: "1" })], () => 1);
    for (let lookup = 0; lookup < 10; lookup++) request(cache, [sample(g, { b: "2", a: "1" })]);
    expect(cache.size).toBe(1);
    const unasked = start(cache, [sample(g, { a: "1", b: "2" })]);
    expect(unasked.find(0)).toBeUndefined();
    // The store gives the same ref for the same labels: the series' entry is found by it.
    expect(unasked.add(0, 1)).toBe(series);
  });
});

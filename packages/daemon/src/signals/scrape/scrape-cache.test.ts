import type { AppendOutcome, Labels } from "@orbt/core";
import { describe, expect, it } from "vitest";
import type { SeriesRefAppender } from "../series-appender.js";
import { type CachedSeries, ScrapeCache } from "./scrape-cache.js";

/** Hands out a fresh ref per distinct label set, counting lookups; `drop` forgets a label set. */
class CountingAppender implements SeriesRefAppender<number> {
  readonly #refs = new Map<string, number>();
  #nextRef = 1;
  lookups = 0;

  getOrCreateSeriesRef(labels: Labels): number {
    this.lookups++;
    const key = JSON.stringify(labels);
    let ref = this.#refs.get(key);
    if (ref === undefined) {
      ref = this.#nextRef++;
      this.#refs.set(key, ref);
    }
    return ref;
  }

  appendRef(): AppendOutcome {
    return "ok";
  }

  drop(labels: Labels): void {
    this.#refs.delete(JSON.stringify(labels));
  }
}

const TARGET = { instance: "host:9100", job: "node" };

function resolve(cache: ScrapeCache, line: string): CachedSeries | string {
  const bytes = Buffer.from(`  ${line} 1\n`);
  return cache.resolve(bytes, 2, 2 + Buffer.byteLength(line));
}

describe("ScrapeCache", () => {
  it("parses a line once, then finds its series by the raw text", () => {
    const appender = new CountingAppender();
    const cache = new ScrapeCache(appender, TARGET, false);
    const first = resolve(cache, 'up{a="ünï"}');
    expect(first).toMatchObject({ ref: 1, seenScrape: 0, trackedScrape: 0, position: -1 });
    expect(resolve(cache, 'up{a="ünï"}')).toBe(first);
    expect(appender.lookups).toBe(1);
    expect(cache).toMatchObject({ size: 1, created: 1 });
  });

  it("shares one series between two spellings of a label set", () => {
    const appender = new CountingAppender();
    const cache = new ScrapeCache(appender, TARGET, false);
    const first = resolve(cache, 'm{a="1",b="2"}');
    expect(resolve(cache, 'm{b="2", a="1"}')).toBe(first);
    expect(cache).toMatchObject({ size: 2, created: 1 });
  });

  it("answers a label syntax error as a string", () => {
    const cache = new ScrapeCache(new CountingAppender(), TARGET, false);
    expect(resolve(cache, 'm{a="1",a="2"}')).toContain("duplicate label a");
    expect(cache.size).toBe(0);
  });

  it("keeps only what a scrape saw", () => {
    const cache = new ScrapeCache(new CountingAppender(), TARGET, false);
    const seen = resolve(cache, "seen") as CachedSeries;
    resolve(cache, "gone");
    seen.seenScrape = 7;
    cache.forgetUnseen(7);
    expect(cache.size).toBe(1);
    expect(resolve(cache, "seen")).toBe(seen);
    expect(cache.created).toBe(2);
    expect((resolve(cache, "gone") as CachedSeries).ref).toBe(2);
    expect(cache.created).toBe(3);
  });

  it("gives a series a fresh ref from its line once the store dropped it", () => {
    const appender = new CountingAppender();
    const cache = new ScrapeCache(appender, TARGET, false);
    const series = resolve(cache, 'm{a="ü"}') as CachedSeries;
    appender.drop({ __name__: "m", a: "ü", ...TARGET });
    cache.refresh(series);
    expect(series.ref).toBe(2);
    expect(resolve(cache, 'm{a="ü"}')).toBe(series);
    // The old ref no longer leads to it: a spelling learned now gets the fresh one's series.
    expect(resolve(cache, 'm{ a="ü" }')).toBe(series);
  });
});

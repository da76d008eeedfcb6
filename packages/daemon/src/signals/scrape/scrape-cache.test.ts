import type { AppendOutcome, Labels } from "@orbt/core";
import { describe, expect, it } from "vitest";
import type { SeriesRefAppender } from "../series-appender.js";
import { PreviousLines } from "./previous-lines.js";
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

/** A cache and the line texts it checks against, as a scraper holds them. */
function setup(appender = new CountingAppender()): { cache: ScrapeCache; lines: PreviousLines } {
  const lines = new PreviousLines();
  return { cache: new ScrapeCache(appender, TARGET, false, lines), lines };
}

function resolve(cache: ScrapeCache, line: string): CachedSeries | string {
  const bytes = Buffer.from(`  ${line} 1\n`);
  return cache.resolve(bytes, 2, 2 + Buffer.byteLength(line));
}

/** Commits a good scrape of `texts` (one series each, settled, seen by scrape `id`) as the scraper does. */
function scrape(
  cache: ScrapeCache,
  lines: PreviousLines,
  id: number,
  texts: readonly string[],
): CachedSeries[] {
  const body = Buffer.from(texts.map((text) => `${text} 1\n`).join(""));
  const found: CachedSeries[] = [];
  let start = 0;
  for (const [position, text] of texts.entries()) {
    const end = start + Buffer.byteLength(text);
    const series = cache.resolve(body, start, end);
    if (typeof series === "string") throw new Error(series);
    lines.add(position, false, body, start, end);
    found.push(series);
    start = end + 3;
  }
  lines.commit(texts.length);
  return found.map((series, position) => {
    const settled = series.ref === undefined ? cache.settle(series) : series;
    if (settled.seenScrape !== id) settled.position = position;
    settled.seenScrape = id;
    return settled;
  });
}

describe("ScrapeCache", () => {
  it("parses a new line into an unsettled series, then finds the settled one by the raw text", () => {
    const appender = new CountingAppender();
    const { cache, lines } = setup(appender);
    const unsettled = resolve(cache, 'up{a="ünï"}');
    expect(unsettled).toMatchObject({ ref: undefined, labels: { __name__: "up", a: "ünï", ...TARGET } });
    expect(appender.lookups).toBe(0);
    const [series] = scrape(cache, lines, 1, ['up{a="ünï"}']);
    expect(series).toMatchObject({ ref: 1, labels: undefined, position: 0 });
    expect(resolve(cache, 'up{a="ünï"}')).toBe(series);
    expect(appender.lookups).toBe(1);
    expect(cache).toMatchObject({ size: 1, created: 1 });
  });

  it("creates no series for lines whose scrape never settled them", () => {
    const appender = new CountingAppender();
    const { cache } = setup(appender);
    resolve(cache, "up");
    resolve(cache, 'm{a="1"}');
    expect(appender.lookups).toBe(0);
    expect(cache).toMatchObject({ size: 0, created: 0 });
  });

  it("checks a line found by its hash against the text where its series was last seen", () => {
    const { cache, lines } = setup();
    const [series] = scrape(cache, lines, 1, ['m{a="1"}']);
    // Another scrape has another line at that position: the old one's text is no longer there to compare.
    lines.add(0, false, Buffer.from('m{a="2"} 1\n'), 0, 8);
    lines.commit(1);
    const again = resolve(cache, 'm{a="1"}') as CachedSeries;
    expect(again).not.toBe(series);
    expect(again.ref).toBeUndefined();
  });

  it("shares one series between two spellings of a label set", () => {
    const { cache, lines } = setup();
    const [first, second] = scrape(cache, lines, 1, ['m{a="1",b="2"}', 'm{b="2", a="1"}']);
    expect(second).toBe(first);
    expect(cache).toMatchObject({ size: 1, created: 1 });
  });

  it("answers a label syntax error as a string", () => {
    const { cache } = setup();
    expect(resolve(cache, 'm{a="1",a="2"}')).toContain("duplicate label a");
    expect(cache.size).toBe(0);
  });

  it("keeps only what a scrape saw", () => {
    const { cache, lines } = setup();
    const [seen] = scrape(cache, lines, 1, ["seen", "gone"]);
    scrape(cache, lines, 2, ["seen"]);
    cache.forgetUnseen(2);
    expect(cache.size).toBe(1);
    expect(resolve(cache, "seen")).toBe(seen);
    expect(cache.created).toBe(2);
    const [, gone] = scrape(cache, lines, 3, ["seen", "gone"]);
    expect(gone!.ref).toBe(2);
    expect(cache.created).toBe(3);
  });

  it("gives a series a fresh ref from its line's text once the store dropped it", () => {
    const appender = new CountingAppender();
    const { cache, lines } = setup(appender);
    const [series] = scrape(cache, lines, 1, ['m{a="ü"}']);
    appender.drop({ __name__: "m", a: "ü", ...TARGET });
    cache.refresh(series!);
    expect(series!.ref).toBe(2);
    expect(resolve(cache, 'm{a="ü"}')).toBe(series);
    // The fresh ref leads to it: a spelling settled now gets its series.
    const [, other] = scrape(cache, lines, 2, ['m{a="ü"}', 'm{ a="ü" }']);
    expect(other).toBe(series);
  });
});

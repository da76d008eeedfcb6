import { describe, expect, it } from "vitest";
import { PreviousLines } from "./previous-lines.js";

/** Records one scrape whose series texts are `texts`, as the scraper does: matched positions first. */
function record(lines: PreviousLines, texts: readonly string[]): void {
  const body = Buffer.from(texts.map((text) => `${text} 1\n`).join(""));
  let start = 0;
  texts.forEach((text, position) => {
    const length = Buffer.byteLength(text);
    const isSame = lines.match(position, body, start) === start + length;
    lines.add(position, isSame, body, start, start + length);
    start += length + 3;
  });
  lines.commit(texts.length);
}

function matches(lines: PreviousLines, position: number, line: string): boolean {
  const bytes = Buffer.from(line);
  return lines.match(position, bytes, 0) >= 0;
}

describe("PreviousLines", () => {
  const texts = ['http_requests_total{code="200",path="/api/v1/ünï"}', "up", 'a{b="c"}'];

  it("matches each position's text followed by a space or tab, and nothing else", () => {
    const lines = new PreviousLines();
    expect(matches(lines, 0, `${texts[0]} 1`)).toBe(false);
    record(lines, texts);
    expect(matches(lines, 0, `${texts[0]} 1`)).toBe(true);
    expect(matches(lines, 1, "up\t1")).toBe(true);
    expect(lines.match(2, Buffer.from('a{b="c"} 7'), 0)).toBe(8);
    expect(matches(lines, 1, "upper 1")).toBe(false);
    expect(matches(lines, 1, "u 1")).toBe(false);
    expect(matches(lines, 0, `${texts[0]!.replace("200", "500")} 1`)).toBe(false);
    expect(matches(lines, 2, 'a{b="c"}')).toBe(false);
    expect(matches(lines, 3, "up 1")).toBe(false);
  });

  it("takes a changed scrape's texts, keeping the common start, and a shorter one's prefix", () => {
    const lines = new PreviousLines();
    record(lines, texts);
    record(lines, [texts[0]!, "down", texts[2]!, "extra_total"]);
    expect(matches(lines, 0, `${texts[0]} 1`)).toBe(true);
    expect(matches(lines, 1, "down 1")).toBe(true);
    expect(matches(lines, 1, "up 1")).toBe(false);
    expect(matches(lines, 3, "extra_total 1")).toBe(true);
    record(lines, [texts[0]!]);
    expect(matches(lines, 0, `${texts[0]} 1`)).toBe(true);
    expect(matches(lines, 1, "down 1")).toBe(false);
  });

  it("keeps the last good scrape's texts when a scrape is discarded", () => {
    const lines = new PreviousLines();
    record(lines, texts);
    const body = Buffer.from("other 1\n");
    lines.add(0, false, body, 0, 5);
    lines.discard();
    expect(matches(lines, 0, `${texts[0]} 1`)).toBe(true);
    expect(matches(lines, 0, "other 1")).toBe(false);
  });
});

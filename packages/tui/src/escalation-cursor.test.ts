import { describe, expect, it } from "vitest";
import { type CursorKey, moveCursor, START_CURSOR } from "./escalation-cursor.js";

const NO_KEY: CursorKey = { input: "", upArrow: false, downArrow: false, pageUp: false, pageDown: false };
const limits = { count: 3, lines: 50, rows: 20 };

describe("moveCursor", () => {
  it("chooses an escalation with j/k or the arrows, within the list, its report from the top", () => {
    const scrolled = { index: 0, scroll: 10 };
    expect(moveCursor(scrolled, { ...NO_KEY, input: "j" }, limits)).toEqual({ index: 1, scroll: 0 });
    expect(moveCursor({ index: 2, scroll: 4 }, { ...NO_KEY, downArrow: true }, limits)).toEqual({
      index: 2,
      scroll: 4,
    });
    expect(moveCursor({ index: 1, scroll: 4 }, { ...NO_KEY, upArrow: true }, limits)).toEqual(START_CURSOR);
    expect(moveCursor(START_CURSOR, { ...NO_KEY, input: "k" }, limits)).toEqual(START_CURSOR);
  });

  it("scrolls the report half a screen with d/u or page keys, never past its ends", () => {
    const down = moveCursor(START_CURSOR, { ...NO_KEY, input: "d" }, limits);
    expect(down).toEqual({ index: 0, scroll: 10 });
    expect(moveCursor(down, { ...NO_KEY, pageDown: true }, limits)).toEqual({ index: 0, scroll: 20 });
    expect(moveCursor({ index: 0, scroll: 25 }, { ...NO_KEY, pageDown: true }, limits)).toEqual({
      index: 0,
      scroll: 30,
    });
    expect(moveCursor(down, { ...NO_KEY, input: "u" }, limits)).toEqual(START_CURSOR);
    expect(moveCursor(down, { ...NO_KEY, pageUp: true }, limits)).toEqual(START_CURSOR);
    expect(moveCursor(down, { ...NO_KEY, input: "G" }, limits)).toEqual({ index: 0, scroll: 30 });
    expect(moveCursor(down, { ...NO_KEY, input: "g" }, limits)).toEqual(START_CURSOR);
    // A report that fits does not scroll.
    expect(moveCursor(START_CURSOR, { ...NO_KEY, input: "d" }, { ...limits, lines: 12 })).toEqual(
      START_CURSOR,
    );
  });
});

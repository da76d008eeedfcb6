/** Which escalation is shown, and how far its report is scrolled. */
export type EscalationCursor = { readonly index: number; readonly scroll: number };

export const START_CURSOR: EscalationCursor = { index: 0, scroll: 0 };

/** The subset of ink's `Key` the Escalations screen reads. */
export type CursorKey = {
  readonly input: string;
  readonly upArrow: boolean;
  readonly downArrow: boolean;
  readonly pageUp: boolean;
  readonly pageDown: boolean;
};

/** How many escalations there are, how long the shown report is, and how many of its lines fit. */
export type CursorLimits = { readonly count: number; readonly lines: number; readonly rows: number };

function clamp(value: number, max: number): number {
  return Math.min(Math.max(0, value), Math.max(0, max));
}

/**
 * One key on the Escalations screen: j/k or the arrows choose an escalation (its report from the top),
 * d/u or page down/up scroll its report by half a screen, g/G go to its top and end.
 */
export function moveCursor(cursor: EscalationCursor, key: CursorKey, limits: CursorLimits): EscalationCursor {
  const maxScroll = limits.lines - limits.rows;
  const half = Math.max(1, Math.floor(limits.rows / 2));
  const choose = key.input === "j" || key.downArrow ? 1 : key.input === "k" || key.upArrow ? -1 : 0;
  if (choose !== 0) {
    const index = clamp(cursor.index + choose, limits.count - 1);
    return index === cursor.index ? cursor : { index, scroll: 0 };
  }
  const scrollBy = key.input === "d" || key.pageDown ? half : key.input === "u" || key.pageUp ? -half : 0;
  if (scrollBy !== 0) return { ...cursor, scroll: clamp(cursor.scroll + scrollBy, maxScroll) };
  if (key.input === "g") return { ...cursor, scroll: 0 };
  if (key.input === "G") return { ...cursor, scroll: clamp(maxScroll, maxScroll) };
  return cursor;
}

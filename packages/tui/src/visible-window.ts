export type VisibleWindow = { readonly start: number; readonly end: number };

/** The `size` rows of a `length`-row list to show so that row `focus` stays on screen, roughly centred. */
export function computeVisibleWindow(length: number, focus: number, size: number): VisibleWindow {
  if (length <= size) return { start: 0, end: length };
  const start = Math.min(Math.max(0, focus - Math.floor(size / 2)), length - size);
  return { start, end: start + size };
}

const TAB = 9;
const SPACE = 32;
const EMPTY = new Uint8Array(0);

/** A scrape's series texts while it differs from the last good one's. */
type NextLines = { text: Uint8Array; ends: Int32Array; textLength: number };

/**
 * The last good scrape's series texts (`name{labels}`) by sample position, in one byte buffer, so that
 * the next scrape checks in place, four bytes at a time, whether its line at a position is the same.
 * A scrape copies its texts only from its first difference on: an unchanged exposition copies nothing.
 */
export class PreviousLines {
  #text: Uint8Array = EMPTY;
  #textView: DataView = new DataView(EMPTY.buffer);
  /** Where each position's text ends; it starts where the one before ends. */
  #ends = new Int32Array(0);
  #count = 0;
  #next: NextLines | undefined;
  #viewed: Uint8Array = EMPTY;
  #view: DataView = new DataView(EMPTY.buffer);

  /** The end of the text of `position` when `bytes` holds it at `start`, followed by a space or tab; else -1. */
  match(position: number, bytes: Uint8Array, start: number): number {
    if (position < 0 || position >= this.#count) return -1;
    const from = position === 0 ? 0 : this.#ends[position - 1]!;
    const length = this.#ends[position]! - from;
    const end = start + length;
    if (end >= bytes.length) return -1;
    const after = bytes[end];
    if (after !== SPACE && after !== TAB) return -1;
    if (bytes !== this.#viewed) {
      this.#viewed = bytes;
      this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const view = this.#view;
    const textView = this.#textView;
    let k = 0;
    for (; k + 4 <= length; k += 4) {
      if (view.getInt32(start + k) !== textView.getInt32(from + k)) return -1;
    }
    const text = this.#text;
    for (; k < length; k++) {
      if (bytes[start + k] !== text[from + k]) return -1;
    }
    return end;
  }

  /** The text of `position` as one char per byte; empty past the last position. */
  textAt(position: number): string {
    if (position < 0 || position >= this.#count) return "";
    const from = position === 0 ? 0 : this.#ends[position - 1]!;
    const text = this.#text;
    return Buffer.from(text.buffer, text.byteOffset + from, this.#ends[position]! - from).toString("latin1");
  }

  /**
   * Records the text of the scrape's sample at `position` (positions come in order from 0); `isSame`
   * when `match` found it at that very position.
   */
  add(position: number, isSame: boolean, bytes: Uint8Array, start: number, end: number): void {
    let next = this.#next;
    if (next === undefined) {
      if (isSame) return;
      next = this.#diverge(position);
    }
    const length = end - start;
    if (next.textLength + length > next.text.length) {
      next.text = grown(next.text, next.textLength + length);
    }
    const text = next.text;
    let at = next.textLength;
    for (let i = start; i < end; i++) text[at++] = bytes[i]!;
    next.textLength = at;
    if (position >= next.ends.length) {
      const ends = new Int32Array(Math.max(1024, next.ends.length * 2));
      ends.set(next.ends);
      next.ends = ends;
    }
    next.ends[position] = next.textLength;
  }

  /** The scrape with `count` samples succeeded: its texts are the ones to match from now on. */
  commit(count: number): void {
    const next = this.#next;
    this.#next = undefined;
    this.#count = count;
    if (next === undefined) return;
    // Trimmed: the texts stay until the exposition changes, which may be never.
    this.#text = next.text.slice(0, next.textLength);
    this.#textView = new DataView(this.#text.buffer);
    this.#ends = next.ends.slice(0, count);
  }

  /** The scrape failed: the last good one's texts stay. */
  discard(): void {
    this.#next = undefined;
  }

  /** Starts the scrape's own texts with the `position` ones it had in common with the last good scrape. */
  #diverge(position: number): NextLines {
    const textLength = position === 0 ? 0 : this.#ends[position - 1]!;
    const text = new Uint8Array(Math.max(64 * 1024, this.#text.length));
    text.set(this.#text.subarray(0, textLength));
    const ends = new Int32Array(Math.max(1024, this.#ends.length));
    ends.set(this.#ends.subarray(0, position));
    this.#next = { text, ends, textLength };
    return this.#next;
  }
}

function grown(bytes: Uint8Array, needed: number): Uint8Array {
  const next = new Uint8Array(Math.max(needed, bytes.length + (bytes.length >>> 1)));
  next.set(bytes);
  return next;
}

import { hashBytes } from "@orbt/core";
import { equalBytes } from "../ingest/equal-bytes.js";

type Entry = {
  /** Where the label bytes lie in the arena. */
  offset: number;
  /** -1 once the entry is dropped, so that a `successor` still pointing at it matches nothing. */
  length: number;
  /** What else than the bytes tells the key apart (OTLP's metric family); 0 for remote_write. */
  readonly tag: number;
  readonly ref: unknown;
  /** The sweep period in which the entry was last looked up or set. */
  seen: number;
  /** The next entry in the same hash's chain. */
  next: Entry | undefined;
  /** The entry looked up right after this one last time. */
  successor: Entry | undefined;
};

/** Entries sharing a hash, at most; a colliding series past this is not cached and takes the slow path. */
const MAX_CHAIN = 4;
const MIN_ARENA_BYTES = 64 * 1024;

/**
 * Store refs of series by the raw bytes of their labels (like Prometheus's series ref caches): a series a
 * sender sends again costs a hash of its label bytes and one map lookup, no label decoding, sorting or
 * index lookup, and nothing allocated. Senders send their series in much the same order each time, so
 * each entry remembers the one looked up after it, and that guess, when its bytes match, spares the hash
 * and the map. The label bytes of all entries are packed in one buffer, in the order they came. A sweep
 * drops the entries no lookup asked for in two sweep periods; a period ends after as many lookups as
 * `periodFactor` times the entry count, so a sender's regular set of series, looked up once a round,
 * stays. A key may be told apart by a `tag` besides its bytes, and its hash may come with it (computed off
 * the event loop, as `hashBytes` of the bytes from a seed that depends on the tag); a caller gives the
 * hash of a key always or never.
 */
export class SeriesRefCache {
  readonly #entries = new Map<number, Entry>();
  #count = 0;
  #arena = new Uint8Array(MIN_ARENA_BYTES);
  #arenaView = new DataView(this.#arena.buffer);
  #used = 0;
  #liveBytes = 0;
  #period = 0;
  #lookups = 0;
  /** The entry the last lookup found. */
  #last: Entry | undefined;
  // The bytes under the last view a key was hashed in: a request's keys share one view, so that an array
  // per request, not per key, is made (and the last request's buffer is held until the next one's).
  #hashedView: DataView | undefined;
  #hashedBytes: Uint8Array = new Uint8Array(0);

  constructor(
    readonly periodFactor = 4,
    /** Lookups per period at the least, so that a small cache is not swept on every request. */
    readonly minLookups = 100_000,
  ) {}

  /** Keys cached. */
  get size(): number {
    return this.#count;
  }

  /** The ref cached for the labels encoded in bytes [start, end) of `view`. */
  get(view: DataView, start: number, end: number, tag = 0, hash = -1): unknown {
    this.#lookups += 1;
    if (this.#lookups >= this.minLookups && this.#lookups >= this.periodFactor * this.#count) this.#sweep();
    const length = end - start;
    const last = this.#last;
    const guess = last?.successor;
    const entry =
      guess !== undefined &&
      guess.length === length &&
      guess.tag === tag &&
      equalBytes(this.#arenaView, guess.offset, view, start, length)
        ? guess
        : this.#find(hash < 0 ? this.#hash(view, start, length) : hash, view, start, length, tag);
    this.#last = entry;
    if (entry === undefined) return undefined;
    if (last !== undefined && guess !== entry) last.successor = entry;
    entry.seen = this.#period;
    return entry.ref;
  }

  set(view: DataView, start: number, end: number, ref: unknown, tag = 0, knownHash = -1): void {
    const length = end - start;
    const hash = knownHash < 0 ? this.#hash(view, start, length) : knownHash;
    const existing = this.#find(hash, view, start, length, tag);
    if (existing !== undefined) this.#unlink(hash, existing);
    const head = this.#entries.get(hash);
    let chain = 0;
    for (let entry = head; entry !== undefined; entry = entry.next) chain += 1;
    if (chain >= MAX_CHAIN) return;
    if (this.#used + length > this.#arena.length) this.#compact(length);
    this.#arena.set(new Uint8Array(view.buffer, view.byteOffset + start, length), this.#used);
    const entry: Entry = {
      offset: this.#used,
      length,
      tag,
      ref,
      seen: this.#period,
      next: head,
      successor: undefined,
    };
    this.#entries.set(hash, entry);
    this.#used += length;
    this.#liveBytes += length;
    this.#count += 1;
  }

  #hash(view: DataView, start: number, length: number): number {
    if (view !== this.#hashedView) {
      this.#hashedView = view;
      this.#hashedBytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    }
    return hashBytes(this.#hashedBytes, start, length);
  }

  #find(hash: number, view: DataView, start: number, length: number, tag: number): Entry | undefined {
    for (let entry = this.#entries.get(hash); entry !== undefined; entry = entry.next) {
      if (
        entry.length === length &&
        entry.tag === tag &&
        equalBytes(this.#arenaView, entry.offset, view, start, length)
      )
        return entry;
    }
    return undefined;
  }

  #unlink(hash: number, target: Entry): void {
    const head = this.#entries.get(hash);
    if (head === target) {
      if (target.next === undefined) this.#entries.delete(hash);
      else this.#entries.set(hash, target.next);
    } else {
      let entry = head;
      while (entry !== undefined && entry.next !== target) entry = entry.next;
      if (entry !== undefined) entry.next = target.next;
    }
    this.#liveBytes -= target.length;
    this.#count -= 1;
    target.length = -1;
  }

  /** Ends a period: entries not looked up in this one or the one before go. */
  #sweep(): void {
    const oldest = this.#period - 1;
    // forEach, not for-of: an iterator allocates a result (and an entry pair) per entry.
    this.#entries.forEach((head, hash) => {
      for (let entry: Entry | undefined = head; entry !== undefined; entry = entry.next) {
        if (entry.seen < oldest) this.#unlink(hash, entry);
      }
    });
    // Guesses must not keep dropped entries alive.
    this.#entries.forEach((head) => {
      for (let entry: Entry | undefined = head; entry !== undefined; entry = entry.next) {
        if (entry.successor !== undefined && entry.successor.length < 0) entry.successor = undefined;
      }
    });
    if (this.#last !== undefined && this.#last.length < 0) this.#last = undefined;
    this.#period += 1;
    this.#lookups = 0;
  }

  /** Copies the live entries' bytes into a buffer with room for `needed` more, leaving dropped ones' behind. */
  #compact(needed: number): void {
    const arena = new Uint8Array(Math.max(MIN_ARENA_BYTES, 2 * (this.#liveBytes + needed)));
    let used = 0;
    for (const head of this.#entries.values()) {
      for (let entry: Entry | undefined = head; entry !== undefined; entry = entry.next) {
        arena.set(this.#arena.subarray(entry.offset, entry.offset + entry.length), used);
        entry.offset = used;
        used += entry.length;
      }
    }
    this.#arena = arena;
    this.#arenaView = new DataView(arena.buffer);
    this.#used = used;
  }
}

const INITIAL_CAPACITY = 1024;
// Linear probing stays short below this load; 100k values then take 131,072 slots.
const MAX_LOAD = 0.8;

/**
 * Values found by a 32-bit hash the caller computes, several per hash allowed, told apart by the caller:
 * open addressing over an `Int32Array` of hashes and an array of values, 12 bytes a slot. A `Map` keyed by
 * the hash kept a hash table of 3.5 MiB on the JS heap for 100k entries, and an array for each collision.
 * `undefined` marks a free slot, so it cannot be a value.
 */
export class HashIndex<T> {
  #hashes = new Int32Array(INITIAL_CAPACITY);
  #values: (T | undefined)[] = new Array<T | undefined>(INITIAL_CAPACITY).fill(undefined);
  #count = 0;

  get size(): number {
    return this.#count;
  }

  /** The first value with this hash for which `isMatch` holds; `isMatch` sees only values of that hash. */
  find<A>(hash: number, isMatch: (value: T, arg: A) => boolean, arg: A): T | undefined {
    const hashes = this.#hashes;
    const values = this.#values;
    const mask = values.length - 1;
    for (let slot = hash & mask; values[slot] !== undefined; slot = (slot + 1) & mask) {
      if (hashes[slot] === hash && isMatch(values[slot]!, arg)) return values[slot];
    }
    return undefined;
  }

  add(hash: number, value: T): void {
    if (this.#count + 1 > this.#values.length * MAX_LOAD) this.#grow();
    this.#place(hash, value);
    this.#count++;
  }

  /** Removes `value` (compared by identity), added with `hash`; whether it was there. */
  delete(hash: number, value: T): boolean {
    const values = this.#values;
    const mask = values.length - 1;
    let slot = hash & mask;
    while (values[slot] !== value) {
      if (values[slot] === undefined) return false;
      slot = (slot + 1) & mask;
    }
    this.#deleteAt(slot);
    return true;
  }

  /** Keeps only the values for which `keep` holds, in place. */
  retain(keep: (value: T) => boolean): void {
    const values = this.#values;
    for (let slot = 0; slot < values.length; ) {
      const value = values[slot];
      // A deletion may shift a later entry into this slot: it is looked at next. One shifted from the
      // table's start to its end is looked at twice, which `keep` allows.
      if (value !== undefined && !keep(value)) this.#deleteAt(slot);
      else slot++;
    }
  }

  #deleteAt(slot: number): void {
    const hashes = this.#hashes;
    const values = this.#values;
    const mask = values.length - 1;
    this.#count--;
    // Backward shift: entries after the freed slot move up when it lies between their home and them, so
    // that every entry stays reachable from its home without tombstones.
    let free = slot;
    for (let next = (free + 1) & mask; values[next] !== undefined; next = (next + 1) & mask) {
      const home = hashes[next]! & mask;
      const staysPut = free <= next ? free < home && home <= next : free < home || home <= next;
      if (staysPut) continue;
      hashes[free] = hashes[next]!;
      values[free] = values[next];
      free = next;
    }
    values[free] = undefined;
  }

  #place(hash: number, value: T): void {
    const values = this.#values;
    const mask = values.length - 1;
    let slot = hash & mask;
    while (values[slot] !== undefined) slot = (slot + 1) & mask;
    this.#hashes[slot] = hash;
    values[slot] = value;
  }

  #grow(): void {
    const hashes = this.#hashes;
    const values = this.#values;
    this.#hashes = new Int32Array(2 * values.length);
    this.#values = new Array<T | undefined>(2 * values.length).fill(undefined);
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] !== undefined) this.#place(hashes[slot]!, values[slot]!);
    }
  }
}

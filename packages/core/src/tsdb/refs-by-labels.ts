import type { Labels } from "../promql/labels.js";

const INITIAL_CAPACITY = 1024;
// Linear probing stays short below this load; at 100k sets the table is then 1 MiB.
const MAX_LOAD = 0.8;

/**
 * Series refs by label set (empty values ignored), keyed by a 32-bit hash of the set rather than a
 * string spelling it out: at 100k series such keys took ~16 MB, a copy of every label. The table is open
 * addressing over two typed arrays, the hash and the ref by slot, 8 bytes a slot: a `Map` of 100k
 * entries kept a hash table of 3.5 MiB on the JS heap. Sets whose hashes collide are told apart by their
 * stored labels. Refs are integers from 1 to 2^32 - 1; 0 marks a free slot.
 */
export class RefsByLabels {
  #hashes = new Int32Array(INITIAL_CAPACITY);
  #refs = new Uint32Array(INITIAL_CAPACITY);
  #count = 0;
  readonly #labelsOf: (ref: number) => Labels;

  /** `labelsOf` gives the labels a ref was added with, while it is in this map. */
  constructor(labelsOf: (ref: number) => Labels) {
    this.#labelsOf = labelsOf;
  }

  get(labels: Labels): number | undefined {
    const hash = hashLabels(labels);
    const hashes = this.#hashes;
    const refs = this.#refs;
    const mask = refs.length - 1;
    for (let slot = hash & mask; refs[slot] !== 0; slot = (slot + 1) & mask) {
      if (hashes[slot] === hash && hasLabels(this.#labelsOf(refs[slot]!), labels)) return refs[slot];
    }
    return undefined;
  }

  /** Adds a ref for labels that have none yet. */
  add(labels: Labels, ref: number): void {
    if (this.#count + 1 > this.#refs.length * MAX_LOAD) this.#resize(this.#refs.length * 2);
    this.#place(hashLabels(labels), ref);
    this.#count++;
  }

  delete(labels: Labels, ref: number): void {
    const hashes = this.#hashes;
    const refs = this.#refs;
    const mask = refs.length - 1;
    let slot = hashLabels(labels) & mask;
    while (refs[slot] !== ref) {
      if (refs[slot] === 0) return;
      slot = (slot + 1) & mask;
    }
    this.#count--;
    // Backward shift: entries after the freed slot move up when it lies between their home and them, so
    // that every entry stays reachable from its home without tombstones.
    let free = slot;
    for (let next = (free + 1) & mask; refs[next] !== 0; next = (next + 1) & mask) {
      const home = hashes[next]! & mask;
      const staysPut = free <= next ? free < home && home <= next : free < home || home <= next;
      if (staysPut) continue;
      hashes[free] = hashes[next]!;
      refs[free] = refs[next]!;
      free = next;
    }
    refs[free] = 0;
  }

  #place(hash: number, ref: number): void {
    const refs = this.#refs;
    const mask = refs.length - 1;
    let slot = hash & mask;
    while (refs[slot] !== 0) slot = (slot + 1) & mask;
    this.#hashes[slot] = hash;
    refs[slot] = ref;
  }

  #resize(capacity: number): void {
    const hashes = this.#hashes;
    const refs = this.#refs;
    this.#hashes = new Int32Array(capacity);
    this.#refs = new Uint32Array(capacity);
    for (let slot = 0; slot < refs.length; slot++) {
      if (refs[slot] !== 0) this.#place(hashes[slot]!, refs[slot]!);
    }
  }
}

/**
 * An order-independent hash of the non-empty labels: a sum of per-label hashes, so the names need no
 * sorting. A 32-bit integer, which V8 keeps in the map entry without boxing it.
 */
function hashLabels(labels: Labels): number {
  let sum = 0;
  for (const name in labels) {
    const value = labels[name]!;
    if (value === "") continue;
    // 0xff cannot occur in a label name: "a"+"bc" and "ab"+"c" hash apart.
    sum = (sum + mix(hashString(hashString(0x811c9dc5, name) ^ 0xff, value))) | 0;
  }
  return sum;
}

/** FNV-1a over UTF-16 code units, continuing from `hash`. */
function hashString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** MurmurHash3's finalizer: spreads every input bit over the word before the per-label hashes are summed. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Whether `labels`, empty values ignored, are exactly the normalized `stored` ones. */
function hasLabels(stored: Labels, labels: Labels): boolean {
  let count = 0;
  for (const name in labels) {
    const value = labels[name]!;
    if (value === "") continue;
    if (stored[name] !== value) return false;
    count++;
  }
  for (const _ in stored) count--;
  return count === 0;
}

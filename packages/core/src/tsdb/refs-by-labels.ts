import type { Labels } from "../promql/labels.js";

/**
 * Series refs by label set (empty values ignored), keyed by a 32-bit hash of the set rather than a
 * string spelling it out: at 100k series such keys took ~16 MB, a copy of every label. Sets whose
 * hashes collide share a bucket and are told apart by their stored labels.
 */
export class RefsByLabels {
  readonly #buckets = new Map<number, number | number[]>();
  readonly #labelsOf: (ref: number) => Labels;

  /** `labelsOf` gives the labels a ref was added with, while it is in this map. */
  constructor(labelsOf: (ref: number) => Labels) {
    this.#labelsOf = labelsOf;
  }

  get(labels: Labels): number | undefined {
    const bucket = this.#buckets.get(hashLabels(labels));
    if (bucket === undefined) return undefined;
    if (typeof bucket === "number") return hasLabels(this.#labelsOf(bucket), labels) ? bucket : undefined;
    return bucket.find((ref) => hasLabels(this.#labelsOf(ref), labels));
  }

  /** Adds a ref for labels that have none yet. */
  add(labels: Labels, ref: number): void {
    const hash = hashLabels(labels);
    const bucket = this.#buckets.get(hash);
    if (bucket === undefined) this.#buckets.set(hash, ref);
    else if (typeof bucket === "number") this.#buckets.set(hash, [bucket, ref]);
    else bucket.push(ref);
  }

  delete(labels: Labels, ref: number): void {
    const hash = hashLabels(labels);
    const bucket = this.#buckets.get(hash);
    if (bucket === ref) this.#buckets.delete(hash);
    if (typeof bucket !== "object") return;
    const rest = bucket.filter((other) => other !== ref);
    this.#buckets.set(hash, rest.length === 1 ? rest[0]! : rest);
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

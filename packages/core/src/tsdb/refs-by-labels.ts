import type { Labels } from "../promql/labels.js";
import { mixHash } from "./hash-bytes.js";
import { HashIndex } from "./hash-index.js";

/**
 * Series refs by label set (empty values ignored), keyed by a 32-bit hash of the set rather than a
 * string spelling it out: at 100k series such keys took ~16 MB, a copy of every label. Sets whose hashes
 * collide are told apart by their stored labels.
 */
export class RefsByLabels {
  readonly #refs = new HashIndex<number>();
  readonly #labelsOf: (ref: number) => Labels;
  readonly #isRefOf = (ref: number, labels: Labels) => hasLabels(this.#labelsOf(ref), labels);

  /** `labelsOf` gives the labels a ref was added with, while it is in this map. */
  constructor(labelsOf: (ref: number) => Labels) {
    this.#labelsOf = labelsOf;
  }

  get(labels: Labels): number | undefined {
    return this.#refs.find(hashLabels(labels), this.#isRefOf, labels);
  }

  /** Adds a ref for labels that have none yet. */
  add(labels: Labels, ref: number): void {
    this.#refs.add(hashLabels(labels), ref);
  }

  delete(labels: Labels, ref: number): void {
    this.#refs.delete(hashLabels(labels), ref);
  }
}

/**
 * An order-independent hash of the non-empty labels: a sum of per-label hashes, so the names need no
 * sorting. A 32-bit integer.
 */
export function hashLabels(labels: Labels): number {
  let sum = 0;
  for (const name in labels) {
    const value = labels[name]!;
    if (value === "") continue;
    // 0xff cannot occur in a label name: "a"+"bc" and "ab"+"c" hash apart. Each label's hash is mixed
    // so that every input bit is spread over the word before the per-label hashes are summed.
    sum = (sum + mixHash(hashString(hashString(0x811c9dc5, name) ^ 0xff, value))) | 0;
  }
  return sum;
}

/** FNV-1a over UTF-16 code units, continuing from `hash`. */
function hashString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
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

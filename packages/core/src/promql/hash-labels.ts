import { type Labels, labelsKey } from "./labels.js";

/** Maps a label set to [0, 1) deterministically (FNV-1a 52 bit); limit_ratio samples by it. */
export function hashLabelsToUnit(labels: Labels): number {
  const key = labelsKey(labels);
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (let i = 0; i < key.length; i++) {
    hash ^= BigInt(key.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return Number(hash >> 12n) / 2 ** 52;
}

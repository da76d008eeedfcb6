/**
 * MurmurHash3 (x86, 32-bit) of `length` bytes at `start` of `bytes`, from `seed`, cut to 30 bits so that
 * keys stay small integers (V8 keeps them unboxed). Written out because hash libraries take a whole array or
 * a string: a subarray or a string per lookup is the very cost that the caches keyed by bytes avoid. Words
 * are read little-endian from the bytes, which a DataView per buffer would cost more than.
 */
export function hashBytes(bytes: Uint8Array, start: number, length: number, seed = 0): number {
  let hash = seed;
  let i = start;
  const end = start + length;
  for (; i + 4 <= end; i += 4) {
    hash = mixInto(hash, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  }
  let tail = 0;
  for (let shift = 0; i < end; i++, shift += 8) tail |= bytes[i]! << shift;
  return finish(hash, tail, length);
}

/**
 * `hashBytes` of the bytes of `length` UTF-16 code units at `start` of `units`, as they lie in memory
 * (little-endian), read two units at a time.
 */
export function hashUnits(units: Uint16Array, start: number, length: number, seed = 0): number {
  let hash = seed;
  let i = start;
  const end = start + length;
  for (; i + 2 <= end; i += 2) hash = mixInto(hash, units[i]! | (units[i + 1]! << 16));
  return finish(hash, i < end ? units[i]! : 0, 2 * length);
}

/** MurmurHash3's finalizer (fmix32): spreads every input bit over the whole 32-bit word. */
export function mixHash(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function mixInto(hash: number, word: number): number {
  const mixed = hash ^ mixWord(word);
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}

function finish(body: number, tail: number, length: number): number {
  return mixHash(body ^ mixWord(tail) ^ length) & 0x3fffffff;
}

function mixWord(word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

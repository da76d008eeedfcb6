/**
 * MurmurHash3 (x86, 32-bit) of `length` bytes at `start`, from `seed`, cut to 30 bits so that map keys stay
 * small integers. Written out because hash libraries take a whole array or a string: a subarray or a string
 * per lookup is the very cost that the caches keyed by bytes avoid.
 */
export function hashBytes(view: DataView, start: number, length: number, seed = 0): number {
  let hash = seed;
  let i = 0;
  for (; i + 4 <= length; i += 4) hash = mixInto(hash, view.getInt32(start + i, true));
  let tail = 0;
  for (let shift = 0; i < length; i++, shift += 8) tail |= view.getUint8(start + i) << shift;
  return finish(hash, tail, length);
}

/**
 * `hashBytes` of the bytes of `length` UTF-16 code units at `start` of `units`, as they lie in memory
 * (little-endian), read two units at a time: what a DataView's reads would cost is spared.
 */
export function hashUnits(units: Uint16Array, start: number, length: number, seed = 0): number {
  let hash = seed;
  let i = start;
  const end = start + length;
  for (; i + 2 <= end; i += 2) hash = mixInto(hash, units[i]! | (units[i + 1]! << 16));
  return finish(hash, i < end ? units[i]! : 0, 2 * length);
}

function mixInto(hash: number, word: number): number {
  const mixed = hash ^ mixWord(word);
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}

function finish(body: number, tail: number, length: number): number {
  let hash = body ^ mixWord(tail);
  hash ^= length;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash & 0x3fffffff;
}

function mixWord(word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

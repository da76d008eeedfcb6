import {
  DOD_WIDTHS,
  packWords,
  SAMPLES_PER_CHUNK,
  STALE_HI,
  STALE_LO,
  TWO_32,
  valueHi,
  valueLo,
  XorChunk,
} from "./xor-chunk.js";

const INITIAL_SLOTS = 1024;
/** Words a head starts with: the first sample takes 4 of them, the rest leaves room for a few more. */
const INITIAL_WORDS = 8;
const NO_WINDOW = 0xff;

/**
 * Every series' head chunk, the one samples are appended to, as columns by slot rather than an object
 * per series: its encoder state in typed arrays, its bits in one shared word arena. At 100k series an
 * object per head (fields, boxed timestamps, a growing array of words, the array holding it) took some
 * 350 bytes a series on the JS heap before its first few samples; here it is 47 bytes of columns and the
 * words themselves. When a head reaches 120 samples it is sealed into an `XorChunk` and the slot starts
 * a new head with its next sample; the newest sample's time and value bits stay, to judge the next one.
 */
export class HeadChunks {
  #minTimeMs = new Float64Array(INITIAL_SLOTS);
  /** The newest sample's time, -Infinity before the first; kept across seals. */
  #maxTimeMs = new Float64Array(INITIAL_SLOTS).fill(Number.NEGATIVE_INFINITY);
  #deltaMs = new Float64Array(INITIAL_SLOTS);
  /** The newest sample's value bits, kept across seals: duplicates are detected on them. */
  #lastHi = new Int32Array(INITIAL_SLOTS);
  #lastLo = new Int32Array(INITIAL_SLOTS);
  #bitLength = new Int32Array(INITIAL_SLOTS);
  /** Where the head's words start in the arena, and how many it has; 0 words: no head. */
  #wordsAt = new Int32Array(INITIAL_SLOTS);
  #wordCount = new Int32Array(INITIAL_SLOTS);
  #count = new Uint8Array(INITIAL_SLOTS);
  #leading = new Uint8Array(INITIAL_SLOTS);
  #trailing = new Uint8Array(INITIAL_SLOTS);
  readonly #arena = new WordArena();

  /** Samples in the head chunk of `slot`. */
  count(slot: number): number {
    return slot < this.#count.length ? this.#count[slot]! : 0;
  }

  minTimeMs(slot: number): number {
    return this.#minTimeMs[slot]!;
  }

  /** The newest sample's time, head or sealed; -Infinity when the slot has had none. */
  maxTimeMs(slot: number): number {
    return slot < this.#maxTimeMs.length ? this.#maxTimeMs[slot]! : Number.NEGATIVE_INFINITY;
  }

  /** Bytes the head's words take in the arena (its spare capacity included). */
  byteLength(slot: number): number {
    return slot < this.#wordCount.length ? this.#wordCount[slot]! * 4 : 0;
  }

  /** Whether `value` (or a staleness marker) has exactly the bits of the slot's newest sample. */
  isLastValue(slot: number, value: number, isStale: boolean): boolean {
    const hi = isStale ? STALE_HI : valueHi(value);
    const lo = isStale ? STALE_LO : valueLo(value);
    return this.#lastHi[slot] === hi && this.#lastLo[slot] === lo;
  }

  /**
   * Appends a sample newer than the slot's newest; returns the sealed chunk when this one filled the
   * head, else undefined.
   */
  append(slot: number, timestampMs: number, value: number, isStale: boolean): XorChunk | undefined {
    if (slot >= this.#count.length) this.#growColumns(slot);
    const hi = isStale ? STALE_HI : valueHi(value);
    const lo = isStale ? STALE_LO : valueLo(value);
    const count = this.#count[slot]!;
    if (count === 0) {
      this.#wordsAt[slot] = this.#arena.allocate(INITIAL_WORDS, this.#wordsAt, this.#wordCount);
      this.#wordCount[slot] = INITIAL_WORDS;
      this.#bitLength[slot] = 0;
      this.#leading[slot] = NO_WINDOW;
      this.#trailing[slot] = 0;
      this.#deltaMs[slot] = 0;
      this.#writeInt64(slot, timestampMs);
      this.#writeBits(slot, hi, 32);
      this.#writeBits(slot, lo, 32);
      this.#minTimeMs[slot] = timestampMs;
    } else {
      const deltaMs = timestampMs - this.#maxTimeMs[slot]!;
      this.#writeDeltaOfDelta(slot, deltaMs - this.#deltaMs[slot]!);
      this.#deltaMs[slot] = deltaMs;
      this.#writeXor(slot, hi ^ this.#lastHi[slot]!, lo ^ this.#lastLo[slot]!);
    }
    this.#maxTimeMs[slot] = timestampMs;
    this.#lastHi[slot] = hi;
    this.#lastLo[slot] = lo;
    this.#count[slot] = count + 1;
    return count + 1 === SAMPLES_PER_CHUNK ? this.#seal(slot) : undefined;
  }

  /** Decodes the head's samples into the arrays from `offset` on; see `XorChunk.decodeInto`. */
  decodeInto(
    slot: number,
    timestampsMs: Float64Array,
    values: Float64Array,
    stale: Uint8Array,
    offset: number,
  ): boolean {
    const count = this.count(slot);
    if (count === 0) return false;
    // Packed as a sealed chunk is: one reader type keeps the decoder monomorphic.
    return new XorChunk(this.#pack(slot), count, this.#minTimeMs[slot]!, this.#maxTimeMs[slot]!).decodeInto(
      timestampsMs,
      values,
      stale,
      offset,
    );
  }

  /** Drops the head chunk, keeping the newest sample's time and bits. */
  dropHead(slot: number): void {
    if (this.count(slot) === 0) return;
    this.#arena.free(this.#wordCount[slot]!);
    this.#wordCount[slot] = 0;
    this.#count[slot] = 0;
  }

  /** Forgets the slot altogether, for a series that went: the slot may then be given to another. */
  clear(slot: number): void {
    if (slot >= this.#count.length) return;
    this.dropHead(slot);
    this.#maxTimeMs[slot] = Number.NEGATIVE_INFINITY;
    this.#lastHi[slot] = 0;
    this.#lastLo[slot] = 0;
  }

  #seal(slot: number): XorChunk {
    const chunk = new XorChunk(
      this.#pack(slot),
      this.#count[slot]!,
      this.#minTimeMs[slot]!,
      this.#maxTimeMs[slot]!,
    );
    this.dropHead(slot);
    return chunk;
  }

  #pack(slot: number): string {
    const at = this.#wordsAt[slot]!;
    return packWords(this.#arena.words.subarray(at, at + this.#wordCount[slot]!), this.#bitLength[slot]!);
  }

  #growColumns(slot: number): void {
    let length = this.#count.length;
    while (length <= slot) length *= 2;
    this.#minTimeMs = grownFloat64(this.#minTimeMs, length, 0);
    this.#maxTimeMs = grownFloat64(this.#maxTimeMs, length, Number.NEGATIVE_INFINITY);
    this.#deltaMs = grownFloat64(this.#deltaMs, length, 0);
    this.#lastHi = grownInt32(this.#lastHi, length);
    this.#lastLo = grownInt32(this.#lastLo, length);
    this.#bitLength = grownInt32(this.#bitLength, length);
    this.#wordsAt = grownInt32(this.#wordsAt, length);
    this.#wordCount = grownInt32(this.#wordCount, length);
    this.#count = grownUint8(this.#count, length);
    this.#leading = grownUint8(this.#leading, length);
    this.#trailing = grownUint8(this.#trailing, length);
  }

  /** Moves the head's words to a place half as large again; the words past the last written one are zero. */
  #growWords(slot: number): void {
    const count = this.#wordCount[slot]!;
    const grown = count + (count >>> 1);
    const at = this.#arena.allocate(grown, this.#wordsAt, this.#wordCount);
    // Allocating may have compacted the arena: the old words are read from where they are now.
    const words = this.#arena.words;
    const from = this.#wordsAt[slot]!;
    words.copyWithin(at, from, from + count);
    this.#arena.free(count);
    this.#wordsAt[slot] = at;
    this.#wordCount[slot] = grown;
  }

  /** Writes the low `n` (1 to 32) bits of `value`, most significant first, into the words they touch. */
  #writeBits(slot: number, value: number, n: number): void {
    const bitLength = this.#bitLength[slot]!;
    const index = bitLength >>> 5;
    if (index + 1 >= this.#wordCount[slot]!) this.#growWords(slot);
    const words = this.#arena.words;
    const at = this.#wordsAt[slot]! + index;
    const shift = bitLength & 31;
    const word = (value << (32 - n)) >>> 0;
    words[at] = words[at]! | (word >>> shift);
    // A shift of 32 would be a shift of 0: only bits that spill over go to the next word.
    if (shift + n > 32) words[at + 1] = words[at + 1]! | (word << (32 - shift));
    this.#bitLength[slot] = bitLength + n;
  }

  #writeInt64(slot: number, n: number): void {
    const hi = Math.floor(n / TWO_32);
    this.#writeBits(slot, hi >>> 0, 32);
    this.#writeBits(slot, n - hi * TWO_32, 32);
  }

  #writeDeltaOfDelta(slot: number, dod: number): void {
    if (dod === 0) {
      this.#writeBits(slot, 0, 1);
      return;
    }
    for (let i = 0; i < DOD_WIDTHS.length; i++) {
      const width = DOD_WIDTHS[i]!;
      const half = 1 << (width - 1);
      if (dod >= -half && dod < half) {
        // Prefix: i + 1 ones, then a zero.
        this.#writeBits(slot, (1 << (i + 2)) - 2, i + 2);
        this.#writeBits(slot, dod & ((1 << width) - 1), width);
        return;
      }
    }
    this.#writeBits(slot, 0b1111, 4);
    this.#writeInt64(slot, dod);
  }

  #writeXor(slot: number, xorHi: number, xorLo: number): void {
    const xHi = xorHi >>> 0;
    const xLo = xorLo >>> 0;
    if (xHi === 0 && xLo === 0) {
      this.#writeBits(slot, 0, 1);
      return;
    }
    this.#writeBits(slot, 1, 1);
    let leading = xHi !== 0 ? Math.clz32(xHi) : 32 + Math.clz32(xLo);
    const trailing = xLo !== 0 ? 31 - Math.clz32(xLo & -xLo) : 63 - Math.clz32(xHi & -xHi);
    // The leading-zero count has 5 bits.
    if (leading > 31) leading = 31;
    const windowLeading = this.#leading[slot]!;
    const windowTrailing = this.#trailing[slot]!;
    if (windowLeading !== NO_WINDOW && leading >= windowLeading && trailing >= windowTrailing) {
      this.#writeBits(slot, 0, 1);
      this.#writeWindow(slot, xHi, xLo, 64 - windowLeading - windowTrailing, windowTrailing);
      return;
    }
    const significant = 64 - leading - trailing;
    this.#writeBits(slot, 1, 1);
    this.#writeBits(slot, leading, 5);
    // 64 significant bits do not fit 6 bits; 0 cannot occur, so it stands for 64.
    this.#writeBits(slot, significant & 63, 6);
    this.#writeWindow(slot, xHi, xLo, significant, trailing);
    this.#leading[slot] = leading;
    this.#trailing[slot] = trailing;
  }

  /** Writes bits [trailing, trailing + significant) of the 64-bit word hi:lo. */
  #writeWindow(slot: number, hi: number, lo: number, significant: number, trailing: number): void {
    let wHi: number;
    let wLo: number;
    if (trailing === 0) {
      wHi = hi;
      wLo = lo;
    } else if (trailing >= 32) {
      wHi = 0;
      wLo = hi >>> (trailing - 32);
    } else {
      wHi = hi >>> trailing;
      wLo = ((lo >>> trailing) | (hi << (32 - trailing))) >>> 0;
    }
    if (significant > 32) {
      this.#writeBits(slot, wHi, significant - 32);
      this.#writeBits(slot, wLo, 32);
    } else {
      this.#writeBits(slot, wLo, significant);
    }
  }
}

/**
 * The heads' words, one stretch per head, handed out from the end. A stretch a head outgrew or sealed is
 * garbage until the end is reached; then the live stretches are copied, in slot order, into an arena sized
 * to hold them with half as much again to spare, so the arena stays within about twice the live words.
 */
class WordArena {
  words = new Int32Array(INITIAL_SLOTS * INITIAL_WORDS);
  #end = 0;
  #liveWords = 0;

  /**
   * The start of `count` zeroed words. `wordsAt` and `wordCount` are the heads' places: a compaction
   * moves them (a count of 0 is no head).
   */
  allocate(count: number, wordsAt: Int32Array, wordCount: Int32Array): number {
    if (this.#end + count > this.words.length) this.#compact(count, wordsAt, wordCount);
    const at = this.#end;
    this.#end += count;
    this.#liveWords += count;
    return at;
  }

  free(count: number): void {
    this.#liveWords -= count;
  }

  #compact(needed: number, wordsAt: Int32Array, wordCount: Int32Array): void {
    const live = this.#liveWords + needed;
    const words = new Int32Array(Math.max(INITIAL_SLOTS * INITIAL_WORDS, live + (live >>> 1)));
    const old = this.words;
    let end = 0;
    for (let slot = 0; slot < wordCount.length; slot++) {
      const count = wordCount[slot]!;
      if (count === 0) continue;
      // Word by word: a view per head (`subarray`) would be an object per series on every compaction.
      const from = wordsAt[slot]!;
      for (let index = 0; index < count; index++) words[end + index] = old[from + index]!;
      wordsAt[slot] = end;
      end += count;
    }
    this.words = words;
    this.#end = end;
  }
}

function grownFloat64(
  array: Float64Array<ArrayBuffer>,
  length: number,
  fill: number,
): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(length);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

function grownInt32(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

function grownUint8(array: Uint8Array<ArrayBuffer>, length: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(length);
  grown.set(array);
  return grown;
}

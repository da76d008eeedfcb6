/** Prometheus cuts a chunk at 120 samples: past that, Gorilla compression gains little. */
export const SAMPLES_PER_CHUNK = 120;

// A number's IEEE 754 bits as two 32-bit words; which index holds the high word depends on endianness.
// Signed words: a chunk keeps the last value's as fields, and an unsigned one past 2^31 would be a boxed
// heap number (16 bytes more per field per series) where a signed one is a small integer.
const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = IS_LITTLE_ENDIAN ? 1 : 0;
const LO = IS_LITTLE_ENDIAN ? 0 : 1;

// Prometheus's staleness marker, a NaN that JS numbers cannot carry; only its bits are stored.
const STALE_HI = 0x7ff00000;
const STALE_LO = 0x00000002;

const TWO_32 = 4294967296;
const NO_WINDOW = 0xff;
const EMPTY: number[] = [];
// The reader loads 5 bytes at a time, possibly past the last one written.
const READ_PADDING = 5;

/** Delta-of-delta widths after the prefixes 10, 110 and 1110, as in Prometheus's XOR chunk. */
const DOD_WIDTHS = [14, 17, 20] as const;

/**
 * One chunk of a series: up to 120 samples, Gorilla-encoded (delta-of-delta timestamps, XOR
 * values) into a byte buffer that grows while the chunk is the series' head and is trimmed by `seal`.
 * Appends must be in strictly increasing time order; the store checks that.
 */
export class XorChunk {
  /**
   * The head chunk's bits, 32 to an element as int32 (V8 small integers on 64-bit Node, 8 bytes each).
   * A plain array lives on V8's heap; a typed array past 64 bytes keeps its data off-heap behind some
   * 300 bytes of bookkeeping, more than a typical head chunk's data.
   */
  // The first sample takes 16 bytes; room for a few more before the head grows (by half).
  #words: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  /**
   * A sealed chunk's bytes as a one-byte string: V8 spends ~16 bytes of header on a string and
   * ~200 on a small Uint8Array, which at ~200 bytes of data per chunk would double its memory.
   */
  #sealed: string | undefined;
  #bitLength = 0;
  #count = 0;
  #minTimeMs = 0;
  #maxTimeMs = 0;
  #deltaMs = 0;
  /** The last value's bits: duplicates are detected on them. */
  #lastHi = 0;
  #lastLo = 0;
  #leading = NO_WINDOW;
  #trailing = 0;

  get count(): number {
    return this.#count;
  }

  get minTimeMs(): number {
    return this.#minTimeMs;
  }

  get maxTimeMs(): number {
    return this.#maxTimeMs;
  }

  get isFull(): boolean {
    return this.#count >= SAMPLES_PER_CHUNK;
  }

  /** The sealed bytes, or the bytes the head chunk has room for. */
  get byteLength(): number {
    return this.#sealed === undefined ? this.#words.length * 4 : this.#sealed.length;
  }

  append(timestampMs: number, value: number, isStale: boolean): void {
    let hi: number;
    let lo: number;
    if (isStale) {
      hi = STALE_HI;
      lo = STALE_LO;
    } else {
      scratch[0] = value;
      hi = scratchWords[HI]!;
      lo = scratchWords[LO]!;
    }
    if (this.#count === 0) {
      this.#writeInt64(timestampMs);
      this.#writeBits(hi, 32);
      this.#writeBits(lo, 32);
      this.#minTimeMs = timestampMs;
    } else {
      const deltaMs = timestampMs - this.#maxTimeMs;
      this.#writeDeltaOfDelta(deltaMs - this.#deltaMs);
      this.#deltaMs = deltaMs;
      this.#writeXor(hi ^ this.#lastHi, lo ^ this.#lastLo);
    }
    this.#maxTimeMs = timestampMs;
    this.#lastHi = hi;
    this.#lastLo = lo;
    this.#count++;
  }

  /** Whether `value` (or a staleness marker) has exactly the bits of the last sample. */
  isLastValue(value: number, isStale: boolean): boolean {
    if (isStale) return this.#lastHi === STALE_HI && this.#lastLo === STALE_LO;
    scratch[0] = value;
    return scratchWords[HI] === this.#lastHi && scratchWords[LO] === this.#lastLo;
  }

  /** Packs the bytes once no more samples will come; `append` must not be called after. */
  seal(): void {
    this.#sealed = this.#pack();
    this.#words = EMPTY;
  }

  /**
   * Decodes every sample into the arrays from `offset` on; `stale[i]` becomes 1 for staleness
   * markers. Returns whether there was any.
   */
  decodeInto(timestampsMs: Float64Array, values: Float64Array, stale: Uint8Array, offset: number): boolean {
    if (this.#count === 0) return false;
    // The head chunk is packed for reading too: one reader type keeps the decoder monomorphic.
    const reader = new BitReader(this.#sealed ?? this.#pack());
    let t = reader.readInt64();
    let hi = reader.readBits(32);
    let lo = reader.readBits(32);
    let deltaMs = 0;
    let leading = 0;
    let significant = 0;
    let hasStale = false;
    for (let i = 0; i < this.#count; i++) {
      if (i > 0) {
        deltaMs += reader.readDeltaOfDelta();
        t += deltaMs;
        if (reader.readBit() === 1) {
          if (reader.readBit() === 1) {
            leading = reader.readBits(5);
            significant = reader.readBits(6);
            if (significant === 0) significant = 64;
          }
          const trailing = 64 - leading - significant;
          reader.readWindow(significant, trailing);
          hi = (hi ^ reader.windowHi) >>> 0;
          lo = (lo ^ reader.windowLo) >>> 0;
        }
      }
      const at = offset + i;
      timestampsMs[at] = t;
      if (hi === STALE_HI && lo === STALE_LO) {
        values[at] = Number.NaN;
        stale[at] = 1;
        hasStale = true;
      } else {
        scratchWords[HI] = hi;
        scratchWords[LO] = lo;
        values[at] = scratch[0]!;
        stale[at] = 0;
      }
    }
    return hasStale;
  }

  /** The used bytes as a one-byte string, padded so that the reader never reads past the end. */
  #pack(): string {
    const words = this.#words;
    const bytes = new Uint8Array(((this.#bitLength + 7) >>> 3) + READ_PADDING);
    const used = (this.#bitLength + 7) >>> 3;
    for (let i = 0; i < used; i++) bytes[i] = words[i >>> 2]! >>> (24 - 8 * (i & 3));
    // apply() takes the typed array as it is; spreading it would go through its iterator.
    return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }

  /** Grows the words by half; the words past the last written one are zero. */
  #grow(): void {
    const words = this.#words;
    const length = words.length + (words.length >>> 1);
    const grown = new Array<number>(length);
    for (let i = 0; i < words.length; i++) grown[i] = words[i]!;
    for (let i = words.length; i < length; i++) grown[i] = 0;
    this.#words = grown;
  }

  /** Writes the low `n` (1 to 32) bits of `value`, most significant first, into the words they touch. */
  #writeBits(value: number, n: number): void {
    const at = this.#bitLength >>> 5;
    if (at + 1 >= this.#words.length) this.#grow();
    const words = this.#words;
    const shift = this.#bitLength & 31;
    const word = (value << (32 - n)) >>> 0;
    words[at] = words[at]! | (word >>> shift);
    // A shift of 32 would be a shift of 0: only bits that spill over go to the next word.
    if (shift + n > 32) words[at + 1] = words[at + 1]! | (word << (32 - shift));
    this.#bitLength += n;
  }

  #writeInt64(n: number): void {
    const hi = Math.floor(n / TWO_32);
    this.#writeBits(hi >>> 0, 32);
    this.#writeBits(n - hi * TWO_32, 32);
  }

  #writeDeltaOfDelta(dod: number): void {
    if (dod === 0) {
      this.#writeBits(0, 1);
      return;
    }
    for (let i = 0; i < DOD_WIDTHS.length; i++) {
      const width = DOD_WIDTHS[i]!;
      const half = 1 << (width - 1);
      if (dod >= -half && dod < half) {
        // Prefix: i + 1 ones, then a zero.
        this.#writeBits((1 << (i + 2)) - 2, i + 2);
        this.#writeBits(dod & ((1 << width) - 1), width);
        return;
      }
    }
    this.#writeBits(0b1111, 4);
    this.#writeInt64(dod);
  }

  #writeXor(xorHi: number, xorLo: number): void {
    const xHi = xorHi >>> 0;
    const xLo = xorLo >>> 0;
    if (xHi === 0 && xLo === 0) {
      this.#writeBits(0, 1);
      return;
    }
    this.#writeBits(1, 1);
    let leading = xHi !== 0 ? Math.clz32(xHi) : 32 + Math.clz32(xLo);
    const trailing = xLo !== 0 ? 31 - Math.clz32(xLo & -xLo) : 63 - Math.clz32(xHi & -xHi);
    // The leading-zero count has 5 bits.
    if (leading > 31) leading = 31;
    if (this.#leading !== NO_WINDOW && leading >= this.#leading && trailing >= this.#trailing) {
      this.#writeBits(0, 1);
      this.#writeWindow(xHi, xLo, 64 - this.#leading - this.#trailing, this.#trailing);
      return;
    }
    const significant = 64 - leading - trailing;
    this.#writeBits(1, 1);
    this.#writeBits(leading, 5);
    // 64 significant bits do not fit 6 bits; 0 cannot occur, so it stands for 64.
    this.#writeBits(significant & 63, 6);
    this.#writeWindow(xHi, xLo, significant, trailing);
    this.#leading = leading;
    this.#trailing = trailing;
  }

  /** Writes bits [trailing, trailing + significant) of the 64-bit word hi:lo. */
  #writeWindow(hi: number, lo: number, significant: number, trailing: number): void {
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
      this.#writeBits(wHi, significant - 32);
      this.#writeBits(wLo, 32);
    } else {
      this.#writeBits(wLo, significant);
    }
  }
}

/** Reads a packed chunk's bits, most significant first. */
class BitReader {
  #pos = 0;
  windowHi = 0;
  windowLo = 0;

  constructor(readonly packed: string) {}

  readBit(): number {
    const pos = this.#pos++;
    return (this.packed.charCodeAt(pos >>> 3) >>> (7 - (pos & 7))) & 1;
  }

  /** Reads `n` (1 to 32) bits as an unsigned number, from the 5 bytes that can hold them. */
  readBits(n: number): number {
    const packed = this.packed;
    const at = this.#pos >>> 3;
    const shift = this.#pos & 7;
    const word =
      ((packed.charCodeAt(at) << 24) |
        (packed.charCodeAt(at + 1) << 16) |
        (packed.charCodeAt(at + 2) << 8) |
        packed.charCodeAt(at + 3)) <<
      shift;
    this.#pos += n;
    return (word | (packed.charCodeAt(at + 4) >>> (8 - shift))) >>> (32 - n);
  }

  readInt64(): number {
    const hi = this.readBits(32) | 0;
    return hi * TWO_32 + this.readBits(32);
  }

  readDeltaOfDelta(): number {
    if (this.readBit() === 0) return 0;
    for (const width of DOD_WIDTHS) {
      if (this.readBit() === 0) {
        const raw = this.readBits(width);
        return raw >= 1 << (width - 1) ? raw - (1 << width) : raw;
      }
    }
    return this.readInt64();
  }

  /**
   * Reads a window of `significant` bits placed `trailing` bits up in a 64-bit word, into
   * `windowHi`/`windowLo` (fields, not a returned pair: this runs once per sample).
   */
  readWindow(significant: number, trailing: number): void {
    let wHi = 0;
    let wLo: number;
    if (significant > 32) {
      wHi = this.readBits(significant - 32);
      wLo = this.readBits(32);
    } else {
      wLo = this.readBits(significant);
    }
    if (trailing === 0) {
      this.windowHi = wHi;
      this.windowLo = wLo;
    } else if (trailing >= 32) {
      this.windowHi = (wLo << (trailing - 32)) >>> 0;
      this.windowLo = 0;
    } else {
      this.windowHi = ((wHi << trailing) | (wLo >>> (32 - trailing))) >>> 0;
      this.windowLo = (wLo << trailing) >>> 0;
    }
  }
}

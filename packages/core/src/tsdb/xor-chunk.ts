/** Prometheus cuts a chunk at 120 samples: past that, Gorilla compression gains little. */
export const SAMPLES_PER_CHUNK = 120;

// A number's IEEE 754 bits as two 32-bit words; which index holds the high word depends on endianness.
const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = IS_LITTLE_ENDIAN ? 1 : 0;
const LO = IS_LITTLE_ENDIAN ? 0 : 1;

// Prometheus's staleness marker, a NaN that JS numbers cannot carry; only its bits are stored.
export const STALE_HI = 0x7ff00000;
export const STALE_LO = 0x00000002;

export const TWO_32 = 4294967296;
// The reader loads 5 bytes at a time, possibly past the last one written.
const READ_PADDING = 5;

/** Delta-of-delta widths after the prefixes 10, 110 and 1110, as in Prometheus's XOR chunk. */
export const DOD_WIDTHS = [14, 17, 20] as const;

/** A value's high 32 bits, signed (a small integer, where an unsigned one past 2^31 would be boxed). */
export function valueHi(value: number): number {
  scratch[0] = value;
  return scratchWords[HI]!;
}

/** A value's low 32 bits, signed. */
export function valueLo(value: number): number {
  scratch[0] = value;
  return scratchWords[LO]!;
}

/**
 * The first `bitLength` bits of `words` (32 to a word, most significant first) as a one-byte string,
 * padded so that the reader never reads past the end.
 */
export function packWords(words: Int32Array, bitLength: number): string {
  const used = (bitLength + 7) >>> 3;
  const bytes = new Uint8Array(used + READ_PADDING);
  for (let i = 0; i < used; i++) bytes[i] = words[i >>> 2]! >>> (24 - 8 * (i & 3));
  // apply() takes the typed array as it is; spreading it would go through its iterator.
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/**
 * A sealed chunk of a series: up to 120 samples, Gorilla-encoded (delta-of-delta timestamps, XOR
 * values) as `HeadChunks` wrote them, packed into a one-byte string: V8 spends ~16 bytes of header on a
 * string and ~200 on a small Uint8Array, which at ~200 bytes of data per chunk would double its memory.
 */
export class XorChunk {
  readonly #packed: string;
  readonly #count: number;
  readonly #minTimeMs: number;
  readonly #maxTimeMs: number;

  constructor(packed: string, count: number, minTimeMs: number, maxTimeMs: number) {
    this.#packed = packed;
    this.#count = count;
    this.#minTimeMs = minTimeMs;
    this.#maxTimeMs = maxTimeMs;
  }

  get count(): number {
    return this.#count;
  }

  get minTimeMs(): number {
    return this.#minTimeMs;
  }

  get maxTimeMs(): number {
    return this.#maxTimeMs;
  }

  /** The packed bytes, read padding included. */
  get byteLength(): number {
    return this.#packed.length;
  }

  /**
   * Decodes every sample into the arrays from `offset` on; `stale[i]` becomes 1 for staleness
   * markers. Returns whether there was any.
   */
  decodeInto(timestampsMs: Float64Array, values: Float64Array, stale: Uint8Array, offset: number): boolean {
    if (this.#count === 0) return false;
    const reader = new BitReader(this.#packed);
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

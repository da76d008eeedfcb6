import { hashUnits } from "@orbt/core";
import { attributeText } from "./attribute-text.js";
import type { AttributeValue } from "./otlp-schema.js";
import type { ReceivedOtlp } from "./receive-otlp.js";
import type { OtlpSample, OtlpSeriesFamily } from "./translate-otlp-metrics.js";

/**
 * Translated OTLP samples as columns, sample `i` at index `i` of each: what the receiver appends from,
 * without an object or a string per sample, and what crosses from a decode thread as typed arrays
 * (transferred, not copied) and the few families. A sample's series is told by its family and its key: its
 * attributes' names and texts, in the order they came, as UTF-16 code units (`attributeTextsOfKey` reads
 * them back, for the labels of a series the receiver has not cached); equal keys, equal labels. It is found
 * by a hash of both, computed here.
 */
export type OtlpSampleColumns = {
  readonly families: readonly OtlpSeriesFamily[];
  /** Per sample, its family's index in `families`. */
  readonly familyIndexes: Int32Array;
  /** Per sample, `hashUnits` of its key from a seed of its family's key. */
  readonly seriesHashes: Int32Array;
  /** Per sample, where its key lies in `keyUnits`: [keyStarts[i], keyEnds[i]). */
  readonly keyStarts: Int32Array;
  readonly keyEnds: Int32Array;
  /**
   * The samples' keys, each once however many samples share it (a histogram's point): per attribute, its
   * name's length (two units, low first), its name, its text's length and its text.
   */
  readonly keyUnits: Uint16Array;
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
};

/** An OTLP metrics request decoded and translated, its samples as columns. */
export type ReceivedOtlpMetrics = Omit<ReceivedOtlp<OtlpSample>, "items"> & {
  readonly samples: OtlpSampleColumns;
};

/**
 * The keys' buffer of the last request, written over by the next (columns are made one request at a time):
 * what a request's keys take is copied out of it. One of at most `MAX_SPARE_UNITS` is kept.
 */
let spareUnits: Uint16Array | undefined;
const MAX_SPARE_UNITS = 1 << 20;

export function toOtlpSampleColumns(samples: readonly OtlpSample[]): OtlpSampleColumns {
  const count = samples.length;
  const families: OtlpSeriesFamily[] = [];
  const familySeeds: number[] = [];
  // Most samples follow one of their family's: the last family found spares the map.
  const familyIndex = new Map<OtlpSeriesFamily, number>();
  let lastFamily: OtlpSeriesFamily | undefined;
  let lastIndex = -1;
  const familyIndexes = new Int32Array(count);
  const seriesHashes = new Int32Array(count);
  const keyStarts = new Int32Array(count);
  const keyEnds = new Int32Array(count);
  const timestampsMs = new Float64Array(count);
  const values = new Float64Array(count);
  const keys = new KeyUnits(count * 64, spareUnits);
  let lastAttributes: OtlpSample["attributes"] | undefined;
  let keyStart = 0;
  let keyEnd = 0;
  for (let index = 0; index < count; index++) {
    const sample = samples[index]!;
    if (sample.family !== lastFamily) {
      lastFamily = sample.family;
      lastIndex = familyIndex.get(lastFamily) ?? -1;
      if (lastIndex < 0) {
        lastIndex = families.push(lastFamily) - 1;
        familySeeds.push(keys.hashText(lastFamily.key));
        familyIndex.set(lastFamily, lastIndex);
      }
    }
    // The samples of a histogram's or summary's point share its attributes.
    if (sample.attributes !== lastAttributes) {
      lastAttributes = sample.attributes;
      keyStart = keys.used;
      keys.writeAttributes(lastAttributes);
      keyEnd = keys.used;
    }
    familyIndexes[index] = lastIndex;
    seriesHashes[index] = hashUnits(keys.units, keyStart, keyEnd - keyStart, familySeeds[lastIndex]);
    keyStarts[index] = keyStart;
    keyEnds[index] = keyEnd;
    timestampsMs[index] = sample.timestampMs;
    values[index] = sample.value;
  }
  // Only what was written crosses: each buffer is memory outside the heap that the event loop's
  // collector counts until the request is done.
  const keyUnits = keys.units.slice(0, keys.used);
  spareUnits = keys.units.length <= MAX_SPARE_UNITS ? keys.units : undefined;
  return {
    families,
    familyIndexes,
    seriesHashes,
    keyStarts,
    keyEnds,
    keyUnits,
    timestampsMs,
    values,
  };
}

/** The attribute texts of the key at [start, end) of `keyUnits`, by name, in the order they came. */
export function attributeTextsOfKey(
  keyUnits: Uint16Array,
  start: number,
  end: number,
): Record<string, string> {
  // Decoded as UTF-16 as it is, lone surrogates and all: the texts come back exactly.
  const buffer = Buffer.from(keyUnits.buffer, keyUnits.byteOffset, keyUnits.byteLength);
  const texts: Record<string, string> = {};
  let at = start;
  const readPart = () => {
    const length = keyUnits[at]! | (keyUnits[at + 1]! << 16);
    const part = buffer.toString("utf16le", 2 * (at + 2), 2 * (at + 2 + length));
    at += 2 + length;
    return part;
  };
  while (at < end) {
    const name = readPart();
    texts[name] = readPart();
  }
  return texts;
}

/** The received request with its samples as columns. */
export function withSampleColumns(received: ReceivedOtlp<OtlpSample>): ReceivedOtlpMetrics {
  const { items, ...rest } = received;
  return { ...rest, samples: toOtlpSampleColumns(items) };
}

/** Keys written one after the other into a buffer of their own (to be transferred whole), grown as needed. */
class KeyUnits {
  units: Uint16Array;
  used = 0;

  /** Writes into `spare` when it holds `capacity` units (what it held is written over), else into a new buffer. */
  constructor(capacity: number, spare: Uint16Array | undefined) {
    this.units =
      spare !== undefined && spare.length >= capacity ? spare : new Uint16Array(Math.max(capacity, 64));
  }

  writeAttributes(attributes: Readonly<Record<string, AttributeValue>>): void {
    for (const name in attributes) {
      this.#writePart(name);
      this.#writePart(attributeText(attributes[name]!));
    }
  }

  /** `hashUnits` of `text` written as a part of a key, left past the keys to be overwritten. */
  hashText(text: string): number {
    const start = this.used;
    this.#writePart(text);
    const hash = hashUnits(this.units, start, this.used - start);
    this.used = start;
    return hash;
  }

  #writePart(text: string): void {
    const length = text.length;
    if (this.used + 2 + length > this.units.length) this.#grow(2 + length);
    const units = this.units;
    let at = this.used;
    units[at++] = length & 0xffff;
    units[at++] = length >>> 16;
    for (let index = 0; index < length; index++) units[at++] = text.charCodeAt(index);
    this.used = at;
  }

  #grow(needed: number): void {
    const grown = new Uint16Array(2 * (this.used + needed));
    grown.set(this.units.subarray(0, this.used));
    this.units = grown;
  }
}

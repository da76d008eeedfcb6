import { hashUnits } from "@orbt/core";
import { attributeText } from "./attribute-text.js";
import type { AttributeValue } from "./otlp-schema.js";
import {
  type OtlpHttpRequest,
  type OtlpReceiveOptions,
  type ReceivedOtlp,
  receiveOtlpMetrics,
} from "./receive-otlp.js";
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

/** Samples and key units a builder starts with room for, when no spare buffers are at hand. */
const INITIAL_SAMPLES = 1024;
const INITIAL_UNITS = 64 * INITIAL_SAMPLES;
/** Spare buffers larger than these are not kept. */
const MAX_SPARE_SAMPLES = 1 << 16;
const MAX_SPARE_UNITS = 1 << 20;

type ColumnBuffers = {
  familyIndexes: Int32Array;
  seriesHashes: Int32Array;
  keyStarts: Int32Array;
  keyEnds: Int32Array;
  timestampsMs: Float64Array;
  values: Float64Array;
};

/**
 * The buffers of the last columns built, written over by the next (columns are built one request at a
 * time, and nothing is read from these once built): what a request's samples take is copied out of them.
 */
let spareColumns: ColumnBuffers | undefined;
let spareUnits: Uint16Array | undefined;

/**
 * Builds the columns of a request's samples as they are translated (`add` is a translation's sample sink),
 * with no object per sample. Each sample's family and attributes are compared with the last one's by
 * identity: the samples of a histogram's or summary's point share its attributes, and a family's samples
 * mostly follow one another.
 */
export class OtlpSampleColumnsBuilder {
  #count = 0;
  readonly #families: OtlpSeriesFamily[] = [];
  readonly #familySeeds: number[] = [];
  readonly #familyIndex = new Map<OtlpSeriesFamily, number>();
  #lastFamily: OtlpSeriesFamily | undefined;
  #lastIndex = -1;
  #lastAttributes: OtlpSample["attributes"] | undefined;
  #keyStart = 0;
  #keyEnd = 0;
  #columns: ColumnBuffers;
  readonly #keys: KeyUnits;

  constructor() {
    this.#columns = spareColumns ?? columnBuffers(INITIAL_SAMPLES);
    spareColumns = undefined;
    this.#keys = new KeyUnits(INITIAL_UNITS, spareUnits);
    spareUnits = undefined;
  }

  readonly add = (
    family: OtlpSeriesFamily,
    attributes: OtlpSample["attributes"],
    timestampMs: number,
    value: number,
  ): void => {
    const keys = this.#keys;
    if (family !== this.#lastFamily) {
      this.#lastFamily = family;
      let index = this.#familyIndex.get(family) ?? -1;
      if (index < 0) {
        index = this.#families.push(family) - 1;
        this.#familySeeds.push(keys.hashText(family.key));
        this.#familyIndex.set(family, index);
      }
      this.#lastIndex = index;
    }
    if (attributes !== this.#lastAttributes) {
      this.#lastAttributes = attributes;
      this.#keyStart = keys.used;
      keys.writeAttributes(attributes);
      this.#keyEnd = keys.used;
    }
    const index = this.#count++;
    if (index === this.#columns.values.length) this.#columns = grownColumns(this.#columns, index);
    const columns = this.#columns;
    const keyStart = this.#keyStart;
    const keyEnd = this.#keyEnd;
    columns.familyIndexes[index] = this.#lastIndex;
    columns.seriesHashes[index] = hashUnits(
      keys.units,
      keyStart,
      keyEnd - keyStart,
      this.#familySeeds[this.#lastIndex],
    );
    columns.keyStarts[index] = keyStart;
    columns.keyEnds[index] = keyEnd;
    columns.timestampsMs[index] = timestampMs;
    columns.values[index] = value;
  };

  /** The columns of the samples added; the builder is done with. */
  finish(): OtlpSampleColumns {
    const count = this.#count;
    const columns = this.#columns;
    const keys = this.#keys;
    // Only what was written crosses, in buffers of its own: each is memory outside the heap that the event
    // loop's collector counts until the request is done.
    const built: OtlpSampleColumns = {
      families: this.#families,
      familyIndexes: columns.familyIndexes.slice(0, count),
      seriesHashes: columns.seriesHashes.slice(0, count),
      keyStarts: columns.keyStarts.slice(0, count),
      keyEnds: columns.keyEnds.slice(0, count),
      keyUnits: keys.units.slice(0, keys.used),
      timestampsMs: columns.timestampsMs.slice(0, count),
      values: columns.values.slice(0, count),
    };
    spareColumns = columns.values.length <= MAX_SPARE_SAMPLES ? columns : undefined;
    spareUnits = keys.units.length <= MAX_SPARE_UNITS ? keys.units : undefined;
    return built;
  }
}

export function toOtlpSampleColumns(samples: readonly OtlpSample[]): OtlpSampleColumns {
  const builder = new OtlpSampleColumnsBuilder();
  for (const sample of samples)
    builder.add(sample.family, sample.attributes, sample.timestampMs, sample.value);
  return builder.finish();
}

function columnBuffers(capacity: number): ColumnBuffers {
  return {
    familyIndexes: new Int32Array(capacity),
    seriesHashes: new Int32Array(capacity),
    keyStarts: new Int32Array(capacity),
    keyEnds: new Int32Array(capacity),
    timestampsMs: new Float64Array(capacity),
    values: new Float64Array(capacity),
  };
}

/** Columns with twice the room, holding the first `count` samples of `columns`. */
function grownColumns(columns: ColumnBuffers, count: number): ColumnBuffers {
  const grown = columnBuffers(2 * Math.max(count, 1));
  grown.familyIndexes.set(columns.familyIndexes.subarray(0, count));
  grown.seriesHashes.set(columns.seriesHashes.subarray(0, count));
  grown.keyStarts.set(columns.keyStarts.subarray(0, count));
  grown.keyEnds.set(columns.keyEnds.subarray(0, count));
  grown.timestampsMs.set(columns.timestampsMs.subarray(0, count));
  grown.values.set(columns.values.subarray(0, count));
  return grown;
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

/** `receiveOtlpMetrics` with its samples as columns, built as they are translated (no object per sample). */
export function receiveOtlpMetricColumns(
  request: OtlpHttpRequest,
  options: OtlpReceiveOptions,
): ReceivedOtlpMetrics {
  const builder = new OtlpSampleColumnsBuilder();
  const { items: _, ...received } = receiveOtlpMetrics(request, options, builder.add);
  return { ...received, samples: builder.finish() };
}

/** Keys written one after the other into a buffer of their own (to be transferred whole), grown as needed. */
class KeyUnits {
  units: Uint16Array;
  used = 0;

  /** Writes into `spare` when given (what it held is written over), else into a new buffer of `capacity`. */
  constructor(capacity: number, spare: Uint16Array | undefined) {
    this.units = spare ?? new Uint16Array(capacity);
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

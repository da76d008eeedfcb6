import { err, type Labels, ok, type Result } from "@orbt/core";
import protobuf from "protobufjs";
import { describeError } from "../ingest/describe-error.js";
import type { IngestError } from "../ingest/ingest-error.js";
import { WriteRequestType } from "./remote-write-proto.js";

const TIME_SERIES = WriteRequestType.fields.timeseries!.resolve().resolvedType as protobuf.Type;
const LABEL = TIME_SERIES.fields.labels!.resolve().resolvedType as protobuf.Type;
const SAMPLE = TIME_SERIES.fields.samples!.resolve().resolvedType as protobuf.Type;

const LENGTH_DELIMITED = 2;
const tagOf = (type: protobuf.Type, field: string, wireType: number) =>
  (type.fields[field]!.id << 3) | wireType;
const TIMESERIES_TAG = tagOf(WriteRequestType, "timeseries", LENGTH_DELIMITED);
const LABELS_TAG = tagOf(TIME_SERIES, "labels", LENGTH_DELIMITED);
const SAMPLES_TAG = tagOf(TIME_SERIES, "samples", LENGTH_DELIMITED);
const HISTOGRAMS_TAG = tagOf(TIME_SERIES, "histograms", LENGTH_DELIMITED);
const NAME_TAG = tagOf(LABEL, "name", LENGTH_DELIMITED);
const VALUE_TAG = tagOf(LABEL, "value", LENGTH_DELIMITED);
const SAMPLE_VALUE_TAG = tagOf(SAMPLE, "value", 1);
const SAMPLE_TIMESTAMP_TAG = tagOf(SAMPLE, "timestamp", 0);

/** Numbers kept per series in `WriteRequestView.#series`. */
const STRIDE = 5;
const [SERIES_START, SERIES_END, KEY_START, KEY_END, FIRST_SAMPLE] = [0, 1, 2, 3, 4];

/**
 * What a `WriteRequestView` is made of, as plain typed arrays: what a decode thread sends back (their
 * buffers transferred, not copied) for the event loop to make the view again without reading it twice.
 */
export type WriteRequestParts = {
  /** The decoded WriteRequest. */
  readonly bytes: Uint8Array;
  readonly series: Int32Array;
  readonly seriesCount: number;
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
  readonly sampleCount: number;
  readonly ignoredHistograms: number;
};

/**
 * A `prometheus.WriteRequest` read once with protobufjs's `Reader`, without building message objects:
 * per series, where its bytes and its label bytes lie, and its samples in flat arrays. Labels are decoded
 * only on demand (`labels`), so a receiver that recognises a series by its label bytes (`labelBytesStart`)
 * never turns them into strings. Throws what the `Reader` throws on a malformed message.
 */
export class WriteRequestView {
  readonly #bytes: Buffer;
  /** The decoded WriteRequest, which `labelBytesStart`/`labelBytesEnd` index. */
  readonly data: DataView;
  /** STRIDE numbers per series; typed arrays of the exact size, as the series are counted first. */
  readonly #series: Int32Array;
  #seriesCount = 0;
  #timestampsMs: Float64Array;
  #values: Float64Array;
  #sampleCount = 0;
  /** Native histogram points, which Orbt's store does not hold; counted so the edge can report them. */
  readonly ignoredHistograms: number;

  /** Reads `message`; or, given its `parts` as `parts` gave them, takes them as they are. */
  constructor(message: Uint8Array, parts?: Omit<WriteRequestParts, "bytes">) {
    this.#bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    this.data = new DataView(message.buffer, message.byteOffset, message.byteLength);
    if (parts !== undefined) {
      this.#series = parts.series;
      this.#seriesCount = parts.seriesCount;
      this.#timestampsMs = parts.timestampsMs;
      this.#values = parts.values;
      this.#sampleCount = parts.sampleCount;
      this.ignoredHistograms = parts.ignoredHistograms;
      return;
    }
    const reader = protobuf.Reader.create(this.#bytes);
    const seriesCount = countTimeSeries(reader);
    this.#series = new Int32Array(seriesCount * STRIDE);
    // Senders put one sample in each series as a rule; more make the arrays grow.
    this.#timestampsMs = new Float64Array(seriesCount);
    this.#values = new Float64Array(seriesCount);
    let histograms = 0;
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === TIMESERIES_TAG) histograms += this.#readTimeSeries(reader);
      else reader.skipType(tag & 7);
    }
    this.ignoredHistograms = histograms;
  }

  static fromParts(parts: WriteRequestParts): WriteRequestView {
    return new WriteRequestView(parts.bytes, parts);
  }

  get parts(): WriteRequestParts {
    return {
      bytes: new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength),
      series: this.#series,
      seriesCount: this.#seriesCount,
      timestampsMs: this.#timestampsMs,
      values: this.#values,
      sampleCount: this.#sampleCount,
      ignoredHistograms: this.ignoredHistograms,
    };
  }

  get seriesCount(): number {
    return this.#seriesCount;
  }

  /**
   * Where the series' label fields lie in `data`, as they came on the wire (equal bytes, equal labels);
   * -1 when its labels were split by other fields or absent.
   */
  labelBytesStart(index: number): number {
    return this.#series[index * STRIDE + KEY_START]!;
  }

  labelBytesEnd(index: number): number {
    return this.#series[index * STRIDE + KEY_END]!;
  }

  /**
   * The series' labels, empty values dropped (they mean "absent", as in Prometheus). Whatever Prometheus
   * answers 400 to is `malformed_body`: invalid UTF-8, an empty or repeated name, no `__name__`.
   */
  labels(index: number): Result<Labels, IngestError> {
    const base = index * STRIDE;
    const reader = protobuf.Reader.create(this.#bytes);
    reader.pos = this.#series[base + SERIES_START]!;
    reader.len = this.#series[base + SERIES_END]!;
    const labels: Record<string, string> = {};
    try {
      while (reader.pos < reader.len) {
        const tag = reader.tag();
        if (tag !== LABELS_TAG) {
          reader.skipType(tag & 7);
          continue;
        }
        const [name, value] = readLabel(reader);
        if (name === "" || Object.hasOwn(labels, name)) {
          return malformed(`timeseries[${index}]: empty or repeated label name "${name}"`);
        }
        if (value !== "") labels[name] = value;
      }
    } catch (cause) {
      return malformed(`timeseries[${index}]: ${describeError(cause)}`);
    }
    if (labels.__name__ === undefined) return malformed(`timeseries[${index}]: no __name__ label`);
    return ok(labels);
  }

  /** Index of the series' first sample; its samples run to `firstSample(index + 1)`. */
  firstSample(index: number): number {
    return index < this.#seriesCount ? this.#series[index * STRIDE + FIRST_SAMPLE]! : this.#sampleCount;
  }

  timestampMs(sample: number): number {
    return this.#timestampsMs[sample]!;
  }

  value(sample: number): number {
    return this.#values[sample]!;
  }

  /** Reads one TimeSeries, returning its count of native histograms. */
  #readTimeSeries(reader: protobuf.Reader): number {
    const end = endOfMessage(reader);
    const start = reader.pos;
    let keyStart = -1;
    let keyEnd = -1;
    let split = false;
    let histograms = 0;
    const base = this.#seriesCount++ * STRIDE;
    this.#series[base + SERIES_START] = start;
    this.#series[base + SERIES_END] = end;
    this.#series[base + FIRST_SAMPLE] = this.#sampleCount;
    while (reader.pos < end) {
      const fieldStart = reader.pos;
      const tag = reader.tag();
      if (tag === LABELS_TAG) {
        if (keyStart < 0) keyStart = fieldStart;
        else if (keyEnd !== fieldStart) split = true;
        reader.skip(reader.size());
        keyEnd = reader.pos;
      } else if (tag === SAMPLES_TAG) {
        this.#readSample(reader);
      } else {
        if (tag === HISTOGRAMS_TAG) histograms += 1;
        reader.skipType(tag & 7);
      }
    }
    checkEnd(reader, end);
    this.#series[base + KEY_START] = split ? -1 : keyStart;
    this.#series[base + KEY_END] = keyEnd;
    return histograms;
  }

  #readSample(reader: protobuf.Reader): void {
    const end = endOfMessage(reader);
    let value = 0;
    let timestampMs = 0;
    while (reader.pos < end) {
      const tag = reader.tag();
      if (tag === SAMPLE_VALUE_TAG) value = reader.double();
      else if (tag === SAMPLE_TIMESTAMP_TAG) timestampMs = readInt64(reader);
      else reader.skipType(tag & 7);
    }
    checkEnd(reader, end);
    if (this.#sampleCount === this.#values.length) this.#growSamples();
    this.#timestampsMs[this.#sampleCount] = timestampMs;
    this.#values[this.#sampleCount] = value;
    this.#sampleCount++;
  }

  #growSamples(): void {
    const capacity = 2 * this.#values.length + 16;
    const timestampsMs = new Float64Array(capacity);
    timestampsMs.set(this.#timestampsMs);
    this.#timestampsMs = timestampsMs;
    const values = new Float64Array(capacity);
    values.set(this.#values);
    this.#values = values;
  }
}

/** Counts the TimeSeries fields, leaving the reader at the start again. */
function countTimeSeries(reader: protobuf.Reader): number {
  let count = 0;
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    if (tag === TIMESERIES_TAG) count++;
    reader.skipType(tag & 7);
  }
  reader.pos = 0;
  return count;
}

function readLabel(reader: protobuf.Reader): [string, string] {
  const end = endOfMessage(reader);
  let name = "";
  let value = "";
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === NAME_TAG) name = reader.stringVerify();
    else if (tag === VALUE_TAG) value = reader.stringVerify();
    else reader.skipType(tag & 7);
  }
  checkEnd(reader, end);
  return [name, value];
}

/** Reads a length prefix and returns where the embedded message ends, refusing one past its parent. */
function endOfMessage(reader: protobuf.Reader): number {
  const end = reader.size() + reader.pos;
  if (end > reader.len) throw new RangeError(`message of ${end - reader.pos} bytes overruns its container`);
  return end;
}

function checkEnd(reader: protobuf.Reader, end: number): void {
  if (reader.pos !== end) throw new RangeError(`a field overruns its message ending at ${end}`);
}

/**
 * A varint int64 as a number, exact within ±2^53 (every millisecond timestamp). `Reader.int64` would build
 * a `LongBits` and a `Long` per sample only for them to be turned into a number.
 */
function readInt64(reader: protobuf.Reader): number {
  let low = 0;
  let high = 0;
  for (let index = 0; index < 10; index++) {
    if (reader.pos >= reader.len) throw new RangeError(`varint overruns the message at ${reader.pos}`);
    const byte = reader.buf[reader.pos++]!;
    if (index < 4) low |= (byte & 0x7f) << (7 * index);
    else if (index === 4) {
      low |= (byte & 0x0f) << 28;
      high = (byte & 0x7f) >>> 4;
    } else high |= (byte & 0x7f) << (7 * index - 32);
    if (byte < 0x80) return (high | 0) * 2 ** 32 + (low >>> 0);
  }
  throw new RangeError("varint longer than 10 bytes");
}

function malformed(message: string): Result<never, IngestError> {
  return err({ code: "malformed_body", message });
}

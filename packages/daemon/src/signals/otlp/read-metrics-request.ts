import protobuf from "protobufjs";
import type { AttributeValue, OtlpMetric, OtlpMetricsRequest } from "./otlp-schema.js";

type Reader = protobuf.Reader;
type NumberPoint = NonNullable<OtlpMetric["gauge"]>["dataPoints"][number];
type HistogramPoint = NonNullable<OtlpMetric["histogram"]>["dataPoints"][number];
type SummaryPoint = NonNullable<OtlpMetric["summary"]>["dataPoints"][number];

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;
/** AnyValue nesting read here at most; deeper is protobufjs's to read or refuse. */
const MAX_VALUE_DEPTH = 16;

/** Thrown where the reader leaves the body to protobufjs; a constant, since throwing it must cost little. */
const LEFT_TO_PROTOBUFJS = new Error("left to protobufjs");

/**
 * An ExportMetricsServiceRequest read straight from its bytes with protobufjs's `Reader`, into the request
 * `readMetricsMessage` makes of protobufjs's decoded message, without that message's objects (one per
 * data point, attribute, attribute value and 64-bit number): about half of what decoding and translating
 * a request cost. It reads what senders send: a body with anything else (a field that protobufjs would
 * merge, read as unknown or read last of several, a group, exponential histograms, scope attributes or
 * metric metadata), or a malformed one, is undefined, for protobufjs to decode or refuse as before.
 */
export function readMetricsRequest(body: Uint8Array): OtlpMetricsRequest | undefined {
  const reader = protobuf.Reader.create(body);
  const resourceMetrics: OtlpMetricsRequest["resourceMetrics"][number][] = [];
  try {
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === ((1 << 3) | LENGTH_DELIMITED)) resourceMetrics.push(readResourceMetrics(reader));
      else skipUnknown(reader, tag);
    }
  } catch {
    return undefined;
  } finally {
    lastTime = undefined;
  }
  return { resourceMetrics };
}

function readResourceMetrics(reader: Reader): OtlpMetricsRequest["resourceMetrics"][number] {
  const end = messageEnd(reader);
  let resource: { attributes: Record<string, AttributeValue> } | undefined;
  const scopeMetrics: OtlpMetricsRequest["resourceMetrics"][number]["scopeMetrics"][number][] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) {
      leaveIf(resource !== undefined || (tag & 7) !== LENGTH_DELIMITED);
      resource = readResource(reader);
    } else if (field === 2) {
      leaveIf((tag & 7) !== LENGTH_DELIMITED);
      scopeMetrics.push(readScopeMetrics(reader));
    } else if (field === 3) readString(reader, tag);
    else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  return resource === undefined ? { scopeMetrics } : { resource, scopeMetrics };
}

function readResource(reader: Reader): { attributes: Record<string, AttributeValue> } {
  const end = messageEnd(reader);
  const attributes: Record<string, AttributeValue> = {};
  let attributeCount = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) {
      leaveIf((tag & 7) !== LENGTH_DELIMITED);
      readKeyValue(reader, attributes, 0, attributeCount++);
    } else if (field === 2) readVarint(reader, tag);
    else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  return { attributes };
}

function readScopeMetrics(
  reader: Reader,
): OtlpMetricsRequest["resourceMetrics"][number]["scopeMetrics"][number] {
  const end = messageEnd(reader);
  let scope: { name: string; version: string } | undefined;
  const metrics: OtlpMetric[] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) {
      leaveIf(scope !== undefined || (tag & 7) !== LENGTH_DELIMITED);
      scope = readScope(reader);
    } else if (field === 2) {
      leaveIf((tag & 7) !== LENGTH_DELIMITED);
      metrics.push(readMetric(reader));
    } else if (field === 3) readString(reader, tag);
    else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  return scope === undefined ? { metrics } : { scope, metrics };
}

function readScope(reader: Reader): { name: string; version: string } {
  const end = messageEnd(reader);
  let name = "";
  let version = "";
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) name = readString(reader, tag);
    else if (field === 2) version = readString(reader, tag);
    else if (field === 4) readVarint(reader, tag);
    else {
      // Scope attributes: protobufjs decodes them, to be dropped; it alone says whether they decode.
      leaveIf(field === 3);
      skipUnknown(reader, tag);
    }
  }
  checkEnd(reader, end);
  return { name, version };
}

function readMetric(reader: Reader): OtlpMetric {
  const end = messageEnd(reader);
  let name = "";
  let description = "";
  let unit = "";
  let data: Partial<OtlpMetric> | undefined;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) name = readString(reader, tag);
    else if (field === 2) description = readString(reader, tag);
    else if (field === 3) unit = readString(reader, tag);
    else if (field === 5 || field === 7 || field === 9 || field === 11) {
      // A second data member would replace or merge into the first: protobufjs's to read.
      leaveIf(data !== undefined || (tag & 7) !== LENGTH_DELIMITED);
      data = readMetricData(reader, field);
    } else {
      // Exponential histograms and metadata: what protobufjs makes of them is its own.
      leaveIf(field === 10 || field === 12);
      skipUnknown(reader, tag);
    }
  }
  checkEnd(reader, end);
  return { name, description, unit, ...data };
}

function readMetricData(reader: Reader, member: number): Partial<OtlpMetric> {
  const end = messageEnd(reader);
  const dataPoints: (NumberPoint | HistogramPoint | SummaryPoint)[] = [];
  let aggregationTemporality = 0;
  let isMonotonic = false;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) {
      leaveIf((tag & 7) !== LENGTH_DELIMITED);
      if (member === 5 || member === 7) dataPoints.push(readNumberPoint(reader));
      else if (member === 9) dataPoints.push(readHistogramPoint(reader));
      else dataPoints.push(readSummaryPoint(reader));
    } else if (field === 2 && (member === 7 || member === 9)) {
      leaveIf((tag & 7) !== VARINT);
      aggregationTemporality = reader.int32();
    } else if (field === 3 && member === 7) {
      leaveIf((tag & 7) !== VARINT);
      isMonotonic = reader.bool();
    } else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  if (member === 5) return { gauge: { dataPoints: dataPoints as NumberPoint[] } };
  if (member === 7) {
    return { sum: { dataPoints: dataPoints as NumberPoint[], aggregationTemporality, isMonotonic } };
  }
  if (member === 9)
    return { histogram: { dataPoints: dataPoints as HistogramPoint[], aggregationTemporality } };
  return { summary: { dataPoints: dataPoints as SummaryPoint[] } };
}

function readNumberPoint(reader: Reader): NumberPoint {
  const end = messageEnd(reader);
  const attributes: Record<string, AttributeValue> = {};
  let attributeCount = 0;
  let timeUnixNano = 0n;
  let flags = 0;
  // The oneof member read last is the one protobufjs keeps.
  let asDouble: number | undefined;
  let asInt: bigint | undefined;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 7) {
      leaveIf((tag & 7) !== LENGTH_DELIMITED);
      readKeyValue(reader, attributes, 0, attributeCount++);
    } else if (field === 3) {
      leaveIf((tag & 7) !== FIXED64);
      timeUnixNano = readTime(reader);
    } else if (field === 4) {
      leaveIf((tag & 7) !== FIXED64);
      asDouble = reader.double();
      asInt = undefined;
    } else if (field === 6) {
      leaveIf((tag & 7) !== FIXED64);
      asInt = readFixed64(reader, true);
      asDouble = undefined;
    } else if (field === 8) flags = readUint32(reader, tag);
    else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  if (asDouble !== undefined) return { attributes, timeUnixNano, flags, asDouble };
  if (asInt !== undefined) return { attributes, timeUnixNano, flags, asInt };
  return { attributes, timeUnixNano, flags };
}

function readHistogramPoint(reader: Reader): HistogramPoint {
  const end = messageEnd(reader);
  const point = emptyCountedPoint();
  const bucketCounts: bigint[] = [];
  const explicitBounds: number[] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    if (readCountedPointField(reader, tag, point, 9, 10)) continue;
    const field = tag >>> 3;
    if (field === 6) {
      for (const at of eightByteValues(reader, tag)) bucketCounts.push(readFixed64At(reader, at));
    } else if (field === 7) {
      for (const at of eightByteValues(reader, tag)) explicitBounds.push(readDoubleAt(reader, at));
    } else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  const { attributes, timeUnixNano, count, sum, flags } = point;
  return {
    attributes,
    timeUnixNano,
    count,
    ...(sum === undefined ? {} : { sum }),
    bucketCounts,
    explicitBounds,
    flags,
  };
}

function readSummaryPoint(reader: Reader): SummaryPoint {
  const end = messageEnd(reader);
  const point = emptyCountedPoint();
  const quantileValues: { quantile: number; value: number }[] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    if (readCountedPointField(reader, tag, point, 7, 8)) continue;
    if (tag >>> 3 === 6) {
      leaveIf((tag & 7) !== LENGTH_DELIMITED);
      quantileValues.push(readValueAtQuantile(reader));
    } else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  const { attributes, timeUnixNano, count, sum, flags } = point;
  // A summary's sum is no optional field: unsent, it is 0.
  return { attributes, timeUnixNano, count, sum: sum ?? 0, quantileValues, flags };
}

/** A histogram's or a summary's point as read so far: the fields both have. */
type CountedPoint = {
  readonly attributes: Record<string, AttributeValue>;
  attributeCount: number;
  timeUnixNano: bigint;
  count: bigint;
  sum: number | undefined;
  flags: number;
};

function emptyCountedPoint(): CountedPoint {
  return { attributes: {}, attributeCount: 0, timeUnixNano: 0n, count: 0n, sum: undefined, flags: 0 };
}

/**
 * Reads the field of `tag` into `point` if it is one histogram and summary points both have: time, count
 * and sum under the same numbers, attributes and flags under the numbers given.
 */
function readCountedPointField(
  reader: Reader,
  tag: number,
  point: CountedPoint,
  attributesField: number,
  flagsField: number,
): boolean {
  const field = tag >>> 3;
  if (field === attributesField) {
    leaveIf((tag & 7) !== LENGTH_DELIMITED);
    readKeyValue(reader, point.attributes, 0, point.attributeCount++);
  } else if (field === flagsField) point.flags = readUint32(reader, tag);
  else if (field === 3 || field === 4 || field === 5) {
    leaveIf((tag & 7) !== FIXED64);
    if (field === 3) point.timeUnixNano = readTime(reader);
    else if (field === 4) point.count = readFixed64(reader, false);
    else point.sum = reader.double();
  } else return false;
  return true;
}

function readValueAtQuantile(reader: Reader): { quantile: number; value: number } {
  const end = messageEnd(reader);
  let quantile = 0;
  let value = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      leaveIf((tag & 7) !== FIXED64);
      if (field === 1) quantile = reader.double();
      else value = reader.double();
    } else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  return { quantile, value };
}

/**
 * Reads a KeyValue into `into`, as protobufjs and `readAttributes` would: a key sent again takes the later
 * value. `position` is its place among a point's or resource's attributes, -1 for a nested one.
 */
function readKeyValue(
  reader: Reader,
  into: Record<string, AttributeValue>,
  depth: number,
  position: number,
): void {
  const end = messageEnd(reader);
  let key = "";
  let value: AttributeValue | undefined;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1)
      key = position < 0 ? readString(reader, tag) : attributeNames.read(reader, tag, position);
    else if (field === 2) {
      // A second value would merge into the first.
      leaveIf(value !== undefined || (tag & 7) !== LENGTH_DELIMITED);
      value = readAnyValue(reader, depth, position);
    } else skipUnknown(reader, tag);
  }
  checkEnd(reader, end);
  into[key] = value ?? null;
}

/**
 * An AnyValue as `readAnyValue` reads protobufjs's: int64 as a number when exact, else as decimal text; bytes
 * as base64. `position` is the attribute's place among a point's or resource's attributes, -1 for a nested one.
 */
function readAnyValue(reader: Reader, depth: number, position: number): AttributeValue {
  leaveIf(depth >= MAX_VALUE_DEPTH);
  const end = messageEnd(reader);
  let value: AttributeValue = null;
  let members = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field < 1 || field > 7) {
      skipUnknown(reader, tag);
      continue;
    }
    // More than one member (or one twice) is rare, and protobufjs's to pick or merge.
    leaveIf(++members > 1);
    if (field === 1)
      value = position < 0 ? readString(reader, tag) : attributeValues.read(reader, tag, position);
    else if (field === 2) {
      leaveIf((tag & 7) !== VARINT);
      value = reader.bool();
    } else if (field === 3) {
      leaveIf((tag & 7) !== VARINT);
      const exact = toBigInt(reader.int64());
      const asNumber = Number(exact);
      value = Number.isSafeInteger(asNumber) ? asNumber : exact.toString();
    } else if (field === 4) {
      leaveIf((tag & 7) !== FIXED64);
      value = reader.double();
    } else if (field === 5) value = readArrayValue(reader, tag, depth + 1);
    else if (field === 6) value = readKeyValueList(reader, tag, depth + 1);
    else {
      leaveIf((tag & 7) !== LENGTH_DELIMITED);
      const bytes = reader.bytes();
      value = protobuf.util.base64.encode(bytes, 0, bytes.length);
    }
  }
  checkEnd(reader, end);
  return value;
}

function readArrayValue(reader: Reader, tag: number, depth: number): AttributeValue[] {
  leaveIf((tag & 7) !== LENGTH_DELIMITED);
  const end = messageEnd(reader);
  const values: AttributeValue[] = [];
  while (reader.pos < end) {
    const inner = reader.tag();
    if (inner >>> 3 === 1) {
      leaveIf((inner & 7) !== LENGTH_DELIMITED);
      values.push(readAnyValue(reader, depth, -1));
    } else skipUnknown(reader, inner);
  }
  checkEnd(reader, end);
  return values;
}

function readKeyValueList(reader: Reader, tag: number, depth: number): Record<string, AttributeValue> {
  leaveIf((tag & 7) !== LENGTH_DELIMITED);
  const end = messageEnd(reader);
  const values: Record<string, AttributeValue> = {};
  while (reader.pos < end) {
    const inner = reader.tag();
    if (inner >>> 3 === 1) {
      leaveIf((inner & 7) !== LENGTH_DELIMITED);
      readKeyValue(reader, values, depth, -1);
    } else skipUnknown(reader, inner);
  }
  checkEnd(reader, end);
  return values;
}

function readString(reader: Reader, tag: number): string {
  leaveIf((tag & 7) !== LENGTH_DELIMITED);
  return reader.stringVerify();
}

/** Places among a point's attributes whose strings are kept, and the longest string kept, in bytes. */
const MAX_CACHED_PLACES = 64;
const MAX_CACHED_BYTES = 128;

/**
 * The string last read at each place among a point's (or resource's) attributes, with its bytes: points
 * repeat their attributes' names, and most of their values, at the same places. A string whose bytes are
 * those last read at its place is that same string: no UTF-8 to decode and check again, nothing allocated,
 * and a name already used as a property key costs no lookup in V8's string table when it is used again,
 * which a new string of the same text does. A string read anew is kept in place of the last, its bytes
 * copied into room kept for them.
 */
class StringsByPlace {
  readonly #bytes = new Uint8Array(MAX_CACHED_PLACES * MAX_CACHED_BYTES);
  readonly #lengths = new Int32Array(MAX_CACHED_PLACES).fill(-1);
  readonly #strings: string[] = new Array<string>(MAX_CACHED_PLACES).fill("");

  read(reader: Reader, tag: number, place: number): string {
    leaveIf((tag & 7) !== LENGTH_DELIMITED);
    const lengthAt = reader.pos;
    const length = reader.size();
    const start = reader.pos;
    const isKept = place < MAX_CACHED_PLACES && length <= MAX_CACHED_BYTES;
    const bytes = this.#bytes;
    const at = place * MAX_CACHED_BYTES;
    const { buf } = reader;
    if (isKept && this.#lengths[place] === length && start + length <= reader.len) {
      let index = 0;
      while (index < length && bytes[at + index] === buf[start + index]) index++;
      if (index === length) {
        reader.pos = start + length;
        return this.#strings[place]!;
      }
    }
    reader.pos = lengthAt;
    const text = reader.stringVerify();
    if (isKept) {
      for (let index = 0; index < length; index++) bytes[at + index] = buf[start + index]!;
      this.#lengths[place] = length;
      this.#strings[place] = text;
    }
    return text;
  }
}

const attributeNames = new StringsByPlace();
const attributeValues = new StringsByPlace();

function readVarint(reader: Reader, tag: number): number {
  leaveIf((tag & 7) !== VARINT);
  return reader.uint32();
}

function readUint32(reader: Reader, tag: number): number {
  return readVarint(reader, tag);
}

/**
 * Where each value of a repeated 8-byte field lies, packed (one length-delimited run) or not (this one):
 * protobufjs reads both.
 */
function eightByteValues(reader: Reader, tag: number): number[] {
  if ((tag & 7) === FIXED64) {
    const at = reader.pos;
    reader.skip(8);
    return [at];
  }
  leaveIf((tag & 7) !== LENGTH_DELIMITED);
  const end = messageEnd(reader);
  leaveIf((end - reader.pos) % 8 !== 0);
  const starts: number[] = [];
  for (let at = reader.pos; at < end; at += 8) starts.push(at);
  reader.pos = end;
  return starts;
}

/** A field protobufjs does not read here: skipped as it skips them; groups and odd tags are its to judge. */
function skipUnknown(reader: Reader, tag: number): void {
  const wireType = tag & 7;
  leaveIf(
    tag >>> 3 === 0 ||
      (wireType !== VARINT && wireType !== FIXED64 && wireType !== LENGTH_DELIMITED && wireType !== FIXED32),
  );
  reader.skipType(wireType);
}

/** Reads a length prefix and returns where the embedded message ends, leaving one past its parent. */
function messageEnd(reader: Reader): number {
  const length = reader.size();
  const end = reader.pos + length;
  leaveIf(end > reader.len);
  return end;
}

function checkEnd(reader: Reader, end: number): void {
  leaveIf(reader.pos !== end);
}

function leaveIf(condition: boolean): void {
  if (condition) throw LEFT_TO_PROTOBUFJS;
}

// The points of a request mostly share one timestamp: the last one read is kept to spare its BigInt work.
let lastTime: { low: number; high: number; value: bigint } | undefined;

function readTime(reader: Reader): bigint {
  leaveIf(reader.pos + 8 > reader.len);
  const low = readUint32At(reader, reader.pos);
  const high = readUint32At(reader, reader.pos + 4);
  reader.pos += 8;
  if (lastTime !== undefined && lastTime.low === low && lastTime.high === high) return lastTime.value;
  lastTime = { low, high, value: (BigInt(high) << 32n) + BigInt(low) };
  return lastTime.value;
}

function readFixed64(reader: Reader, isSigned: boolean): bigint {
  leaveIf(reader.pos + 8 > reader.len);
  const value = readFixed64At(reader, reader.pos, isSigned);
  reader.pos += 8;
  return value;
}

function readFixed64At(reader: Reader, at: number, isSigned = false): bigint {
  const low = readUint32At(reader, at);
  const high = readUint32At(reader, at + 4);
  return (BigInt(isSigned ? high | 0 : high) << 32n) + BigInt(low);
}

function readDoubleAt(reader: Reader, at: number): number {
  return protobuf.util.float.readDoubleLE(reader.buf, at);
}

function readUint32At(reader: Reader, at: number): number {
  const buf = reader.buf;
  return (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
}

function toBigInt(value: protobuf.Long | number): bigint {
  if (typeof value === "number") return BigInt(value);
  // `high` is signed in a signed Long, so the sum comes out negative exactly when the value is.
  const high = value.unsigned ? value.high >>> 0 : value.high;
  return (BigInt(high) << 32n) + BigInt(value.low >>> 0);
}

import { err, ok, type Result } from "@orbt/core";

/** `text`: Prometheus text format 0.0.4 (timestamps in ms); `openmetrics`: OpenMetrics 1.0 (seconds, `# EOF`). */
export type ExpositionFormat = "text" | "openmetrics";

export type ExpositionError = { readonly code: "parse"; readonly line: number; readonly message: string };

/**
 * Receives each sample: `bytes[seriesStart, seriesEnd)` is the line's `name{labels}` exactly as written
 * (UTF-8); offsets rather than a string let a caller that knows the line skip decoding it. `bytes` is
 * only valid during the call. `timestampMs` is undefined when the line has none. Return false to stop.
 */
export type SampleSink = (
  bytes: Uint8Array,
  seriesStart: number,
  seriesEnd: number,
  value: number,
  timestampMs: number | undefined,
) => boolean;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const UPPER_E = 69;
const LOWER_E = 101;
const BACKSLASH = 92;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;
const EOF_MARKER = [HASH, SPACE, 69, 79, 70]; // "# EOF"

// Clinger's fast path: an integer below 2^53 times or over an exact power of ten is correctly rounded.
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_FAST_DIGITS = 15;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const decoder = new TextDecoder();

/**
 * Scans an exposition as it streams in, line by line, on its bytes, without building per-line objects:
 * histograms and summaries come out as their plain `_bucket`/`_sum`/`_count` series, `# TYPE/HELP/UNIT`
 * are skipped, exemplars ignored. A line split across chunks is carried over to the next one.
 */
export class ExpositionScanner {
  readonly #isOpenMetrics: boolean;
  readonly #onSample: SampleSink;
  #carry = new Uint8Array(256);
  #carryLength = 0;
  #line = 0;
  #samples = 0;
  #isAfterEof = false;
  #isStopped = false;
  #error: ExpositionError | undefined;

  constructor(format: ExpositionFormat, onSample: SampleSink) {
    this.#isOpenMetrics = format === "openmetrics";
    this.#onSample = onSample;
  }

  /** Scans the complete lines of the next chunk; false once the sink stopped or a line was malformed. */
  write(chunk: Uint8Array): boolean {
    if (this.#isStopped) return false;
    const length = chunk.length;
    let start = 0;
    if (this.#carryLength > 0) {
      let newline = 0;
      while (newline < length && chunk[newline] !== LF) newline++;
      this.#keep(chunk, 0, newline);
      if (newline === length) return true;
      const carried = this.#carryLength;
      this.#carryLength = 0;
      if (!this.#scanLine(this.#carry, 0, carried)) return false;
      start = newline + 1;
    }
    while (start < length) {
      let end = start;
      while (end < length && chunk[end] !== LF) end++;
      if (end === length) {
        this.#keep(chunk, start, end);
        return true;
      }
      if (!this.#scanLine(chunk, start, end)) return false;
      start = end + 1;
    }
    return true;
  }

  /** Scans what is left once the body ended: the number of samples handed over, or the first syntax error. */
  end(): Result<number, ExpositionError> {
    if (!this.#isStopped && this.#carryLength > 0) {
      const carried = this.#carryLength;
      this.#carryLength = 0;
      this.#scanLine(this.#carry, 0, carried);
    }
    if (this.#error !== undefined) return err(this.#error);
    if (!this.#isStopped && this.#isOpenMetrics && !this.#isAfterEof) {
      return err({ code: "parse", line: this.#line, message: "OpenMetrics data does not end with # EOF" });
    }
    return ok(this.#samples);
  }

  /** Appends `chunk[from, to)` to the carried partial line. */
  #keep(chunk: Uint8Array, from: number, to: number): void {
    const needed = this.#carryLength + to - from;
    if (needed > this.#carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.#carry.length * 2));
      grown.set(this.#carry.subarray(0, this.#carryLength));
      this.#carry = grown;
    }
    this.#carry.set(chunk.subarray(from, to), this.#carryLength);
    this.#carryLength = needed;
  }

  #fail(message: string): false {
    this.#error = { code: "parse", line: this.#line, message };
    this.#isStopped = true;
    return false;
  }

  /** One line, `bytes[start, end)` without its newline; false to stop. */
  #scanLine(bytes: Uint8Array, start: number, end: number): boolean {
    this.#line++;
    let i = start;
    let c = bytes[i]!;
    while (i < end && (c === SPACE || c === TAB)) c = bytes[++i]!;
    if (i >= end || c === CR) return true;
    if (this.#isAfterEof) return this.#fail("content after # EOF");
    const isOpenMetrics = this.#isOpenMetrics;
    if (c === HASH) {
      if (isOpenMetrics && isEofMarker(bytes, i, end)) this.#isAfterEof = true;
      return true;
    }
    const seriesStart = i;
    while (i < end && isNameByte(c)) c = bytes[++i]!;
    if (c === LEFT_BRACE && i < end) {
      i = skipLabels(bytes, i + 1, end);
      if (i < 0) return this.#fail("unterminated label set");
      c = bytes[i]!;
    }
    if (i === seriesStart) return this.#fail(`expected a metric name, got ${quote(bytes, i, end)}`);
    const seriesEnd = i;
    if (i >= end || (c !== SPACE && c !== TAB)) {
      return this.#fail(`expected a space after ${decoder.decode(bytes.subarray(seriesStart, seriesEnd))}`);
    }
    while (i < end && (c === SPACE || c === TAB)) c = bytes[++i]!;
    const valueStart = i;
    while (i < end && c !== SPACE && c !== TAB && c !== CR) c = bytes[++i]!;
    const value = parseFloatToken(bytes, valueStart, i);
    if (value === undefined) return this.#fail(`invalid value ${quote(bytes, valueStart, i)}`);
    while (i < end && (c === SPACE || c === TAB)) c = bytes[++i]!;
    let timestampMs: number | undefined;
    if (i < end && c !== CR && c !== HASH) {
      const timestampStart = i;
      while (i < end && c !== SPACE && c !== TAB && c !== CR) c = bytes[++i]!;
      timestampMs = parseTimestampMs(bytes, timestampStart, i, isOpenMetrics);
      if (timestampMs === undefined)
        return this.#fail(`invalid timestamp ${quote(bytes, timestampStart, i)}`);
      while (i < end && (c === SPACE || c === TAB)) c = bytes[++i]!;
    }
    // An OpenMetrics exemplar (`# {trace_id="…"} 1`) may follow; it is not stored.
    if (i < end && c !== CR && !(isOpenMetrics && c === HASH)) {
      return this.#fail(`unexpected ${quote(bytes, i, end)} after the value`);
    }
    this.#samples++;
    if (this.#onSample(bytes, seriesStart, seriesEnd, value, timestampMs)) return true;
    this.#isStopped = true;
    return false;
  }
}

/** Scans a whole exposition held in memory; see `ExpositionScanner`. */
export function scanExposition(
  bytes: Uint8Array,
  format: ExpositionFormat,
  onSample: SampleSink,
): Result<number, ExpositionError> {
  const scanner = new ExpositionScanner(format, onSample);
  scanner.write(bytes);
  return scanner.end();
}

function isNameByte(c: number): boolean {
  // [a-zA-Z0-9_:]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= ZERO && c <= 58) || c === 95;
}

/** The offset after the `}` closing a label set that starts at `i`, or -1; quoted values may hold `}`. */
function skipLabels(bytes: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = bytes[i];
    if (c === RIGHT_BRACE) return i + 1;
    if (c === QUOTE) {
      i++;
      while (i < end) {
        const q = bytes[i];
        if (q === BACKSLASH) i += 2;
        else if (q === QUOTE) break;
        else i++;
      }
      if (i >= end) return -1;
    }
    i++;
  }
  return -1;
}

function isEofMarker(bytes: Uint8Array, from: number, end: number): boolean {
  if (end - from < EOF_MARKER.length) return false;
  for (let k = 0; k < EOF_MARKER.length; k++) if (bytes[from + k] !== EOF_MARKER[k]) return false;
  for (let i = from + EOF_MARKER.length; i < end; i++) {
    const c = bytes[i];
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}

/** A Go `ParseFloat`-style number (also NaN, ±Inf) in `bytes[start, end)`, or undefined. */
export function parseFloatToken(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let c = bytes[i]!;
  const isNegative = c === MINUS;
  if (isNegative || c === PLUS) c = bytes[++i]!;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (i < end && c >= ZERO && c <= NINE) {
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
    c = bytes[++i]!;
  }
  if (c === DOT && i < end) {
    c = bytes[++i]!;
    while (i < end && c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      scale++;
      c = bytes[++i]!;
    }
  }
  let exponent = 0;
  if ((c === LOWER_E || c === UPPER_E) && i < end && digits > 0) {
    c = bytes[++i]!;
    const isExponentNegative = c === MINUS;
    if (isExponentNegative || c === PLUS) c = bytes[++i]!;
    const exponentStart = i;
    while (i < end && c >= ZERO && c <= NINE && i - exponentStart < 4) {
      exponent = exponent * 10 + (c - ZERO);
      c = bytes[++i]!;
    }
    if (i === exponentStart) return parseSlowly(bytes, start, end);
    if (isExponentNegative) exponent = -exponent;
  }
  const power = exponent - scale;
  if (i !== end || digits === 0 || digits > MAX_FAST_DIGITS || power < -22 || power > 22) {
    return parseSlowly(bytes, start, end);
  }
  const magnitude =
    power < 0 ? mantissa / EXACT_POWERS_OF_TEN[-power]! : mantissa * EXACT_POWERS_OF_TEN[power]!;
  return isNegative ? -magnitude : magnitude;
}

function parseSlowly(bytes: Uint8Array, start: number, end: number): number | undefined {
  const token = decoder.decode(bytes.subarray(start, end));
  switch (token.toLowerCase()) {
    case "nan":
      return Number.NaN;
    case "inf":
    case "+inf":
      return Number.POSITIVE_INFINITY;
    case "-inf":
      return Number.NEGATIVE_INFINITY;
  }
  return DECIMAL.test(token) ? Number(token) : undefined;
}

/** Text format timestamps are integer milliseconds; OpenMetrics ones are seconds, truncated like Prometheus. */
function parseTimestampMs(
  bytes: Uint8Array,
  start: number,
  end: number,
  isSeconds: boolean,
): number | undefined {
  const timestamp = parseFloatToken(bytes, start, end);
  if (timestamp === undefined || !Number.isFinite(timestamp)) return undefined;
  if (isSeconds) return Math.trunc(timestamp * 1000);
  return Number.isInteger(timestamp) ? timestamp : undefined;
}

function quote(bytes: Uint8Array, from: number, end: number): string {
  return JSON.stringify(decoder.decode(bytes.subarray(from, Math.min(end, from + 40))));
}

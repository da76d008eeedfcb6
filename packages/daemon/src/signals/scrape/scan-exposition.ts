import { err, ok, type Result } from "@orbt/core";

/** `text`: Prometheus text format 0.0.4 (timestamps in ms); `openmetrics`: OpenMetrics 1.0 (seconds, `# EOF`). */
export type ExpositionFormat = "text" | "openmetrics";

export type ExpositionError = { readonly code: "parse"; readonly line: number; readonly message: string };

/** Where the scanner hands samples. */
export type SampleSink = {
  /**
   * The end of the series text that starts at `bytes[start]` when the sink recognizes the line (the
   * whole `name{labels}` as scanned before, followed by a space or tab), or -1 to have it scanned.
   */
  knownSeriesEnd(bytes: Uint8Array, start: number): number;
  /**
   * Each sample: `bytes[seriesStart, seriesEnd)` is the line's `name{labels}` exactly as written (UTF-8);
   * offsets rather than a string let a sink that knows the line skip decoding it. `bytes` is only valid
   * during the call. `timestampMs` is undefined when the line has none. Return true to go on, false to
   * stop, or why the line is wrong (say, its labels) to fail the scan there.
   */
  sample(
    bytes: Uint8Array,
    seriesStart: number,
    seriesEnd: number,
    value: number,
    timestampMs: number | undefined,
  ): boolean | string;
};

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
const NEWLINE = Uint8Array.of(LF);

/**
 * Scans an exposition chunk by chunk, line by line, on its bytes, without building per-line objects:
 * histograms and summaries come out as their plain `_bucket`/`_sum`/`_count` series, `# TYPE/HELP/UNIT`
 * are skipped, exemplars ignored. A line split across chunks is carried over to the next one.
 */
export class ExpositionScanner {
  readonly #isOpenMetrics: boolean;
  readonly #sink: SampleSink;
  #carry = new Uint8Array(256);
  #carryLength = 0;
  #line = 0;
  #samples = 0;
  #isAfterEof = false;
  #isStopped = false;
  #error: ExpositionError | undefined;

  constructor(format: ExpositionFormat, sink: SampleSink) {
    this.#isOpenMetrics = format === "openmetrics";
    this.#sink = sink;
  }

  /** Scans the complete lines of the next chunk; false once the sink stopped or a line was malformed. */
  write(chunk: Uint8Array): boolean {
    if (this.#isStopped) return false;
    // Lines are scanned up to their newline, which bounds every loop: only whole lines are scanned.
    const lastNewline = chunk.lastIndexOf(LF);
    if (lastNewline === -1) {
      this.#keep(chunk, 0, chunk.length);
      return true;
    }
    let start = 0;
    if (this.#carryLength > 0) {
      start = chunk.indexOf(LF) + 1;
      this.#keep(chunk, 0, start);
      const carried = this.#carryLength;
      this.#carryLength = 0;
      if (!this.#scanLines(this.#carry, 0, carried - 1)) return false;
    }
    if (!this.#scanLines(chunk, start, lastNewline)) return false;
    this.#keep(chunk, lastNewline + 1, chunk.length);
    return true;
  }

  /** Scans what is left once the body ended: the number of samples handed over, or the first syntax error. */
  end(): Result<number, ExpositionError> {
    if (!this.#isStopped && this.#carryLength > 0) {
      this.#keep(NEWLINE, 0, 1);
      const carried = this.#carryLength;
      this.#carryLength = 0;
      this.#scanLines(this.#carry, 0, carried - 1);
    }
    if (this.#error !== undefined) return err(this.#error);
    if (!this.#isStopped && this.#isOpenMetrics && !this.#isAfterEof) {
      return err({ code: "parse", line: this.#line, message: "OpenMetrics data does not end with # EOF" });
    }
    return ok(this.#samples);
  }

  /** Appends `chunk[from, to)` to the carried partial line. */
  #keep(chunk: Uint8Array, from: number, to: number): void {
    if (from === to) return;
    const needed = this.#carryLength + to - from;
    if (needed > this.#carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.#carry.length * 2));
      grown.set(this.#carry.subarray(0, this.#carryLength));
      this.#carry = grown;
    }
    this.#carry.set(chunk.subarray(from, to), this.#carryLength);
    this.#carryLength = needed;
  }

  /** The lines of `bytes[start, lastNewline]`, which ends with a newline; false to stop. */
  #scanLines(bytes: Uint8Array, start: number, lastNewline: number): boolean {
    let i = start;
    while (i <= lastNewline) {
      i = this.#scanLine(bytes, i);
      if (i < 0) return false;
    }
    return true;
  }

  #fail(bytes: Uint8Array, at: number, message: (lineEnd: number) => string): number {
    this.#error = { code: "parse", line: this.#line, message: message(bytes.indexOf(LF, at)) };
    this.#isStopped = true;
    return -1;
  }

  /** The line at `i`, which a newline ends; the offset of the next line, or -1 to stop. */
  #scanLine(bytes: Uint8Array, i: number): number {
    this.#line++;
    let c = bytes[i]!;
    while (c === SPACE || c === TAB) c = bytes[++i]!;
    if (c === LF) return i + 1;
    if (c !== CR && this.#isAfterEof) return this.#fail(bytes, i, () => "content after # EOF");
    const isOpenMetrics = this.#isOpenMetrics;
    if (c === HASH || c === CR) {
      if (c === HASH && isOpenMetrics && isEofMarker(bytes, i)) this.#isAfterEof = true;
      return bytes.indexOf(LF, i) + 1;
    }
    const seriesStart = i;
    let seriesEnd = this.#sink.knownSeriesEnd(bytes, i);
    if (seriesEnd >= 0) {
      i = seriesEnd;
      c = bytes[i]!;
    } else {
      while (isNameByte(c)) c = bytes[++i]!;
      if (c === LEFT_BRACE) {
        i = skipLabels(bytes, i + 1);
        if (i < 0) return this.#fail(bytes, seriesStart, () => "unterminated label set");
        c = bytes[i]!;
      }
      if (i === seriesStart) {
        return this.#fail(bytes, i, (end) => `expected a metric name, got ${quote(bytes, seriesStart, end)}`);
      }
      seriesEnd = i;
      if (c !== SPACE && c !== TAB) {
        const series = decoder.decode(bytes.subarray(seriesStart, seriesEnd));
        return this.#fail(bytes, i, () => `expected a space after ${series}`);
      }
    }
    while (c === SPACE || c === TAB) c = bytes[++i]!;
    const valueStart = i;
    while (c !== SPACE && c !== TAB && c !== CR && c !== LF) c = bytes[++i]!;
    const value = parseFloatToken(bytes, valueStart, i);
    if (value === undefined)
      return this.#fail(bytes, i, () => `invalid value ${quote(bytes, valueStart, i)}`);
    while (c === SPACE || c === TAB) c = bytes[++i]!;
    let timestampMs: number | undefined;
    if (c !== CR && c !== LF && c !== HASH) {
      const timestampStart = i;
      while (c !== SPACE && c !== TAB && c !== CR && c !== LF) c = bytes[++i]!;
      timestampMs = parseTimestampMs(bytes, timestampStart, i, isOpenMetrics);
      if (timestampMs === undefined) {
        return this.#fail(bytes, i, () => `invalid timestamp ${quote(bytes, timestampStart, i)}`);
      }
      while (c === SPACE || c === TAB) c = bytes[++i]!;
    }
    // An OpenMetrics exemplar (`# {trace_id="…"} 1`) may follow; it is not stored.
    if (c !== CR && c !== LF && !(isOpenMetrics && c === HASH)) {
      const from = i;
      return this.#fail(bytes, i, (end) => `unexpected ${quote(bytes, from, end)} after the value`);
    }
    this.#samples++;
    const verdict = this.#sink.sample(bytes, seriesStart, seriesEnd, value, timestampMs);
    if (verdict !== true) {
      if (verdict !== false) return this.#fail(bytes, i, () => verdict);
      this.#isStopped = true;
      return -1;
    }
    return c === LF ? i + 1 : bytes.indexOf(LF, i) + 1;
  }
}

/** Scans a whole exposition held in memory with a sink that knows no line; see `ExpositionScanner`. */
export function scanExposition(
  bytes: Uint8Array,
  format: ExpositionFormat,
  onSample: SampleSink["sample"],
): Result<number, ExpositionError> {
  const scanner = new ExpositionScanner(format, { knownSeriesEnd: () => -1, sample: onSample });
  scanner.write(bytes);
  return scanner.end();
}

function isNameByte(c: number): boolean {
  // [a-zA-Z0-9_:]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= ZERO && c <= 58) || c === 95;
}

/** The offset after the `}` closing a label set that starts at `i`, or -1 at the line's end; quoted values may hold `}`. */
function skipLabels(bytes: Uint8Array, i: number): number {
  for (;;) {
    const c = bytes[i];
    if (c === RIGHT_BRACE) return i + 1;
    if (c === LF) return -1;
    if (c === QUOTE) {
      let q = bytes[++i];
      while (q !== QUOTE && q !== LF) {
        if (q === BACKSLASH && bytes[i + 1] !== LF) i++;
        q = bytes[++i];
      }
      if (q === LF) return -1;
    }
    i++;
  }
}

function isEofMarker(bytes: Uint8Array, from: number): boolean {
  for (let k = 0; k < EOF_MARKER.length; k++) if (bytes[from + k] !== EOF_MARKER[k]) return false;
  for (let i = from + EOF_MARKER.length; bytes[i] !== LF; i++) {
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

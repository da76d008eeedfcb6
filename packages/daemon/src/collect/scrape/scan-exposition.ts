import { err, ok, type Result } from "@orbt/core";

/** `text`: Prometheus text format 0.0.4 (timestamps in ms); `openmetrics`: OpenMetrics 1.0 (seconds, `# EOF`). */
export type ExpositionFormat = "text" | "openmetrics";

export type ExpositionError = { readonly code: "parse"; readonly line: number; readonly message: string };

/**
 * Receives each sample: `text.slice(seriesStart, seriesEnd)` is the line's `name{labels}` exactly as
 * written (`parseSeriesLabels` reads it); offsets rather than a string let a caller that knows the line
 * skip allocating it. `timestampMs` is undefined when the line has none. Return false to stop.
 */
export type SampleSink = (
  text: string,
  seriesStart: number,
  seriesEnd: number,
  value: number,
  timestampMs: number | undefined,
) => boolean;

const TAB = 9;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;
const BACKSLASH = 92;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;

// Clinger's fast path: an integer below 2^53 times or over an exact power of ten is correctly rounded.
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_FAST_DIGITS = 15;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Scans an exposition line by line without building per-line objects: histograms and summaries come
 * out as their plain `_bucket`/`_sum`/`_count` series, `# TYPE/HELP/UNIT` are skipped, exemplars ignored.
 * Returns the number of samples handed to `onSample`, or the first syntax error.
 */
export function scanExposition(
  text: string,
  format: ExpositionFormat,
  onSample: SampleSink,
): Result<number, ExpositionError> {
  const isOpenMetrics = format === "openmetrics";
  const length = text.length;
  let line = 0;
  let samples = 0;
  let isAfterEof = false;
  let start = 0;
  while (start < length) {
    line++;
    let end = text.indexOf("\n", start);
    if (end === -1) end = length;
    let i = start;
    start = end + 1;
    let c = text.charCodeAt(i);
    while (i < end && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    if (i >= end || c === CR) continue;
    if (isAfterEof) return parseError(line, "content after # EOF");
    if (c === HASH) {
      if (isOpenMetrics && text.startsWith("# EOF", i) && isBlank(text, i + 5, end)) isAfterEof = true;
      continue;
    }
    const seriesStart = i;
    while (i < end && isNameChar(c)) c = text.charCodeAt(++i);
    if (c === LEFT_BRACE) {
      i = skipLabels(text, i + 1, end);
      if (i < 0) return parseError(line, "unterminated label set");
      c = text.charCodeAt(i);
    }
    if (i === seriesStart) return parseError(line, `expected a metric name, got ${quoteLine(text, i, end)}`);
    const seriesEnd = i;
    if (c !== SPACE && c !== TAB) {
      return parseError(line, `expected a space after ${text.slice(seriesStart, seriesEnd)}`);
    }
    while (i < end && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    const valueStart = i;
    while (i < end && c !== SPACE && c !== TAB && c !== CR) c = text.charCodeAt(++i);
    const value = parseFloatToken(text, valueStart, i);
    if (value === undefined) return parseError(line, `invalid value ${quoteLine(text, valueStart, i)}`);
    while (i < end && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    let timestampMs: number | undefined;
    if (i < end && c !== CR && c !== HASH) {
      const timestampStart = i;
      while (i < end && c !== SPACE && c !== TAB && c !== CR) c = text.charCodeAt(++i);
      timestampMs = parseTimestampMs(text, timestampStart, i, isOpenMetrics);
      if (timestampMs === undefined) {
        return parseError(line, `invalid timestamp ${quoteLine(text, timestampStart, i)}`);
      }
      while (i < end && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    }
    // An OpenMetrics exemplar (`# {trace_id="…"} 1`) may follow; it is not stored.
    if (i < end && c !== CR && !(isOpenMetrics && c === HASH)) {
      return parseError(line, `unexpected ${quoteLine(text, i, end)} after the value`);
    }
    samples++;
    if (!onSample(text, seriesStart, seriesEnd, value, timestampMs)) return ok(samples);
  }
  if (isOpenMetrics && !isAfterEof) return parseError(line, "OpenMetrics data does not end with # EOF");
  return ok(samples);
}

function isNameChar(c: number): boolean {
  // [a-zA-Z0-9_:]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= ZERO && c <= 58) || c === 95;
}

/** The offset after the `}` closing a label set that starts at `i`, or -1; quoted values may hold `}`. */
function skipLabels(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === RIGHT_BRACE) return i + 1;
    if (c === QUOTE) {
      i++;
      while (i < end) {
        const q = text.charCodeAt(i);
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

function isBlank(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}

/** A Go `ParseFloat`-style number (also NaN, ±Inf), or undefined. */
export function parseFloatToken(text: string, start: number, end: number): number | undefined {
  let i = start;
  let c = text.charCodeAt(i);
  const isNegative = c === MINUS;
  if (isNegative || c === PLUS) c = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (i < end && c >= ZERO && c <= NINE) {
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
    c = text.charCodeAt(++i);
  }
  if (c === DOT && i < end) {
    c = text.charCodeAt(++i);
    while (i < end && c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      scale++;
      c = text.charCodeAt(++i);
    }
  }
  let exponent = 0;
  if ((c === LOWER_E || c === UPPER_E) && i < end && digits > 0) {
    c = text.charCodeAt(++i);
    const isExponentNegative = c === MINUS;
    if (isExponentNegative || c === PLUS) c = text.charCodeAt(++i);
    const exponentStart = i;
    while (i < end && c >= ZERO && c <= NINE && i - exponentStart < 4) {
      exponent = exponent * 10 + (c - ZERO);
      c = text.charCodeAt(++i);
    }
    if (i === exponentStart) return parseSlowly(text, start, end);
    if (isExponentNegative) exponent = -exponent;
  }
  const power = exponent - scale;
  if (i !== end || digits === 0 || digits > MAX_FAST_DIGITS || power < -22 || power > 22) {
    return parseSlowly(text, start, end);
  }
  const magnitude =
    power < 0 ? mantissa / EXACT_POWERS_OF_TEN[-power]! : mantissa * EXACT_POWERS_OF_TEN[power]!;
  return isNegative ? -magnitude : magnitude;
}

function parseSlowly(text: string, start: number, end: number): number | undefined {
  const token = text.slice(start, end);
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
function parseTimestampMs(text: string, start: number, end: number, isSeconds: boolean): number | undefined {
  const timestamp = parseFloatToken(text, start, end);
  if (timestamp === undefined || !Number.isFinite(timestamp)) return undefined;
  if (isSeconds) return Math.trunc(timestamp * 1000);
  return Number.isInteger(timestamp) ? timestamp : undefined;
}

function quoteLine(text: string, from: number, end: number): string {
  return JSON.stringify(text.slice(from, Math.min(end, from + 40)));
}

function parseError(line: number, message: string): Result<never, ExpositionError> {
  return err({ code: "parse", line, message });
}

import { err, ok, type Result } from "../../result.js";
import { unquoteGoString } from "../go-string.js";
import { type Labels, labelsKey, METRIC_NAME_LABEL, normalizeLabels } from "../labels.js";
import type { AppendedSample } from "../memory-series-store.js";

/** One series read from exposition text, samples in file order. */
export type ExpositionSeries = { readonly labels: Labels; readonly samples: readonly AppendedSample[] };

export type ExpositionError = { readonly code: "parse"; readonly line: number; readonly message: string };

export type ParseExpositionOptions = {
  /**
   * OpenMetrics timestamps are seconds, the older Prometheus text format uses milliseconds.
   * Default: seconds when the text ends in `# EOF` (OpenMetrics), else milliseconds.
   */
  readonly timestampUnit?: "s" | "ms";
  /** Used for samples without a timestamp; without it such samples are an error. */
  readonly defaultTimestampMs?: number;
};

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/**
 * Parses OpenMetrics / Prometheus text exposition with timestamps (what
 * `promtool tsdb create-blocks-from openmetrics` reads) into series for a `SeriesStore`.
 */
export function parseExposition(
  text: string,
  options: ParseExpositionOptions = {},
): Result<ExpositionSeries[], ExpositionError> {
  const lines = text.split("\n");
  const hasEof = lines.some((l) => l.trim() === "# EOF");
  const unitMs = (options.timestampUnit ?? (hasEof ? "s" : "ms")) === "s" ? 1000 : 1;
  const series = new Map<string, { labels: Labels; samples: AppendedSample[] }>();
  let isAfterEof = false;
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === "") continue;
    if (isAfterEof) return err({ code: "parse", line: lineNo, message: "content after # EOF" });
    if (line === "# EOF") {
      isAfterEof = true;
      continue;
    }
    if (line.startsWith("#")) continue;
    const parsed = parseSampleLine(line);
    if (typeof parsed === "string") return err({ code: "parse", line: lineNo, message: parsed });
    let timestampMs = options.defaultTimestampMs;
    if (parsed.timestamp !== undefined) timestampMs = Math.round(parsed.timestamp * unitMs);
    if (timestampMs === undefined)
      return err({ code: "parse", line: lineNo, message: "sample has no timestamp" });
    const labels = normalizeLabels(parsed.labels);
    const key = labelsKey(labels);
    let entry = series.get(key);
    if (entry === undefined) {
      entry = { labels, samples: [] };
      series.set(key, entry);
    }
    entry.samples.push({ timestampMs, value: parsed.value });
  }
  return ok([...series.values()]);
}

type SampleLine = { labels: Record<string, string>; value: number; timestamp: number | undefined };

function parseSampleLine(line: string): SampleLine | string {
  const labels: Record<string, string> = {};
  let rest = line;
  const name = NAME.exec(rest);
  if (name !== null) {
    labels[METRIC_NAME_LABEL] = name[0];
    rest = rest.slice(name[0].length);
  }
  if (rest.startsWith("{")) {
    const end = readLabels(rest, labels);
    if (typeof end === "string") return end;
    rest = rest.slice(end);
  } else if (name === null) {
    return `expected a metric name at ${JSON.stringify(line.slice(0, 20))}`;
  }
  if (labels[METRIC_NAME_LABEL] === undefined) return "sample has no metric name";
  const withoutExemplar = rest.split(" # ")[0]!.trim();
  const fields = withoutExemplar.split(/\s+/).filter((f) => f !== "");
  if (fields.length < 1 || fields.length > 2)
    return `expected "value [timestamp]", got ${JSON.stringify(withoutExemplar)}`;
  const value = parseFloatToken(fields[0]!);
  if (value === undefined) return `invalid value ${JSON.stringify(fields[0])}`;
  const timestamp = fields[1] === undefined ? undefined : parseFloatToken(fields[1]);
  if (fields[1] !== undefined && (timestamp === undefined || !Number.isFinite(timestamp))) {
    return `invalid timestamp ${JSON.stringify(fields[1])}`;
  }
  return { labels, value, timestamp };
}

/** Reads `{a="b",…}` into `labels`; returns the offset after `}` or an error message. */
function readLabels(text: string, labels: Record<string, string>): number | string {
  let i = 1;
  const skipSpaces = (): void => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  for (;;) {
    skipSpaces();
    if (text[i] === "}") return i + 1;
    let labelName: string;
    if (text[i] === '"') {
      const quoted = readQuoted(text, i);
      if (quoted === undefined) return "unterminated quoted label name";
      labelName = quoted.value;
      i = quoted.end;
    } else {
      const m = NAME.exec(text.slice(i));
      if (m === null) return `invalid label name at ${JSON.stringify(text.slice(i, i + 20))}`;
      labelName = m[0];
      i += m[0].length;
    }
    skipSpaces();
    if (text[i] === "," || text[i] === "}") {
      labels[METRIC_NAME_LABEL] = labelName;
    } else {
      if (text[i] !== "=") return `expected "=" after label ${labelName}`;
      i++;
      skipSpaces();
      const quoted = readQuoted(text, i);
      if (quoted === undefined) return `invalid value for label ${labelName}`;
      labels[labelName] = quoted.value;
      i = quoted.end;
    }
    skipSpaces();
    if (text[i] === ",") i++;
    else if (text[i] !== "}") return `expected "," or "}" in labels`;
  }
}

function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  if (text[start] !== '"') return undefined;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === '"') {
      const value = unquoteGoString(text.slice(start, i + 1));
      return value === undefined ? undefined : { value, end: i + 1 };
    }
  }
  return undefined;
}

function parseFloatToken(token: string): number | undefined {
  const lower = token.toLowerCase();
  if (lower === "nan") return Number.NaN;
  if (lower === "+inf" || lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(lower)) return undefined;
  return Number(lower);
}

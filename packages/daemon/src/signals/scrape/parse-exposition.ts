import { type AppendedSample, type Labels, labelsKey, ok, type Result } from "@orbt/core";
import { parseSeriesLabels } from "./parse-series-labels.js";
import { type ExpositionError, scanExposition } from "./scan-exposition.js";
import { sortLabels } from "./target-labels.js";

/** One series read from exposition text, samples in file order. */
export type ExpositionSeries = { readonly labels: Labels; readonly samples: readonly AppendedSample[] };

export type ParseExpositionOptions = {
  /** Used for samples without a timestamp; without it such samples are an error. */
  readonly defaultTimestampMs?: number;
};

// OpenMetrics ends in `# EOF` and has second timestamps; the older text format has millisecond ones.
const EOF_LINE = /^[ \t]*# EOF[ \t\r]*$/m;
const decoder = new TextDecoder();

/**
 * Parses OpenMetrics / Prometheus text exposition with timestamps (what
 * `promtool tsdb create-blocks-from openmetrics` reads) into series for a `SeriesStore`, with the
 * scanner scrapes use.
 */
export function parseExposition(
  text: string,
  options: ParseExpositionOptions = {},
): Result<ExpositionSeries[], ExpositionError> {
  const series = new Map<string, { labels: Labels; samples: AppendedSample[] }>();
  const format = EOF_LINE.test(text) ? "openmetrics" : "text";
  const scanned = scanExposition(new TextEncoder().encode(text), format, (bytes, start, end, value, at) => {
    const timestampMs = at ?? options.defaultTimestampMs;
    if (timestampMs === undefined) return "sample has no timestamp";
    const parsed = parseSeriesLabels(decoder.decode(bytes.subarray(start, end)));
    if (!parsed.ok) return parsed.error;
    const labels = sortLabels(parsed.value);
    const key = labelsKey(labels);
    let entry = series.get(key);
    if (entry === undefined) {
      entry = { labels, samples: [] };
      series.set(key, entry);
    }
    entry.samples.push({ timestampMs, value });
    return true;
  });
  return scanned.ok ? ok([...series.values()]) : scanned;
}

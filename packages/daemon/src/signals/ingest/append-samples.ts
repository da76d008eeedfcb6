import type { AppendedSample } from "@orbt/core";
import type { SeriesAppender } from "../series-appender.js";
import { withoutZeros } from "./rejection-counts.js";
import type { Sample } from "./sample.js";
import type { SeriesCardinality } from "./series-cardinality.js";

export type AppendRejectionReason = "cardinality_limit" | "out_of_order";

export type AppendedCounts = {
  readonly accepted: number;
  readonly rejections: Readonly<Partial<Record<AppendRejectionReason, number>>>;
};

/**
 * Groups samples by series, refuses series past their service's (`job`'s) cardinality budget, appends the
 * rest in time order, and counts what the store refused as out of order.
 */
export function appendSamples(
  samples: readonly Sample[],
  series: SeriesAppender,
  cardinality: SeriesCardinality,
): AppendedCounts {
  const grouped = new Map<string, { labels: Sample["labels"]; points: AppendedSample[] }>();
  for (const sample of samples) {
    const key = seriesKey(sample.labels);
    const group = grouped.get(key);
    const point = { timestampMs: sample.timestampMs, value: sample.value };
    if (group === undefined) grouped.set(key, { labels: sample.labels, points: [point] });
    else group.points.push(point);
  }
  let accepted = 0;
  const refused: Record<AppendRejectionReason, number> = { cardinality_limit: 0, out_of_order: 0 };
  for (const [key, { labels, points }] of grouped) {
    if (!cardinality.admit(labels.job ?? "", key)) {
      refused.cardinality_limit += points.length;
      continue;
    }
    points.sort((a, b) => a.timestampMs - b.timestampMs);
    const outOfOrder = series.append(labels, points)?.outOfOrder ?? 0;
    refused.out_of_order += outOfOrder;
    accepted += points.length - outOfOrder;
  }
  return { accepted, rejections: withoutZeros(refused) };
}

/**
 * A label set's identity whatever its key order, as `SeriesCardinality` remembers series. Names and values
 * carry their lengths, so no two label sets share a key; `join` makes one flat string, not a rope.
 */
export function seriesKey(labels: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name]!;
    parts.push(`${name.length}:${name}=${value.length}:${value}`);
  }
  return parts.join("");
}

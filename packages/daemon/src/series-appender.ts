import type { AppendedSample, Labels } from "@orbt/core";

/**
 * Where scraped and recorded samples go (`MemorySeriesStore` fits). `labels` are sorted by name without empty values;
 * `samples` is only valid during the call: the scraper reuses it, so an appender copies what it keeps.
 */
export type SeriesAppender = {
  append(labels: Labels, samples: readonly AppendedSample[]): void;
};

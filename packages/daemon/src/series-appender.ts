import type { AppendedSample, ChunkedSeriesStore, Labels } from "@orbt/core";

/** What a store may say about an append: samples it refused for being older than the series' newest. */
export type AppendOutcome = { readonly outOfOrder: number };

/**
 * Where scraped, recorded and received samples go (`MemorySeriesStore` fits). `samples` is only valid during
 * the call: the scraper reuses it, so an appender copies what it keeps.
 */
export type SeriesAppender = {
  // biome-ignore lint/suspicious/noConfusingVoidType: a store that refuses nothing may return nothing, as MemorySeriesStore does.
  append(labels: Labels, samples: readonly AppendedSample[]): AppendOutcome | void;
};

/** The chunked store counts refused samples by outcome; appenders report the out-of-order count. */
export function toSeriesAppender(store: ChunkedSeriesStore): SeriesAppender {
  return { append: (labels, samples) => ({ outOfOrder: store.append(labels, samples).out_of_order }) };
}

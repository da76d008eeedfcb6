import type {
  AppendedSample,
  ChunkedSeriesStore,
  Labels,
  AppendOutcome as StoreAppendOutcome,
} from "@orbt/core";

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

/**
 * A store that names its series by ref, as the chunked store does: a caller that keeps refs (the scraper,
 * per exposition line) appends without looking the labels up again. `appendRef` answers `unknown_series`
 * once the store has dropped the series (retention); a fresh ref comes from `getOrCreateSeriesRef`.
 */
export type SeriesRefAppender = {
  getOrCreateSeriesRef(labels: Labels): number;
  appendRef(ref: number, timestampMs: number, value: number, isStale: boolean): StoreAppendOutcome;
};

/** The chunked store counts refused samples by outcome; appenders report the out-of-order count. */
export function toSeriesAppender(store: ChunkedSeriesStore): SeriesAppender & SeriesRefAppender {
  return {
    append: (labels, samples) => ({ outOfOrder: store.append(labels, samples).out_of_order }),
    getOrCreateSeriesRef: (labels) => store.getOrCreateSeriesRef(labels),
    appendRef: (ref, timestampMs, value, isStale) => store.appendRef(ref, timestampMs, value, isStale),
  };
}

import type {
  AppendedSample,
  ChunkedSeriesStore,
  Labels,
  SeriesHandle,
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
 * A store that names its series by ref: a caller that keeps refs (the scraper, per exposition line)
 * appends without looking the labels up again. A ref is whatever the store hands out; `appendRef` answers
 * `unknown_series` once the store has dropped the series (retention), and `getOrCreateSeriesRef` gives a
 * fresh one.
 */
export type SeriesRefAppender<Ref = unknown> = {
  getOrCreateSeriesRef(labels: Labels): Ref;
  appendRef(ref: Ref, timestampMs: number, value: number, isStale: boolean): StoreAppendOutcome;
};

/**
 * The chunked store counts refused samples by outcome; appenders report the out-of-order count. Its
 * refs here are series handles, which spare the store a lookup per sample.
 */
export function toSeriesAppender(
  store: ChunkedSeriesStore,
): SeriesAppender & SeriesRefAppender<SeriesHandle> {
  return {
    append: (labels, samples) => ({ outOfOrder: store.append(labels, samples).out_of_order }),
    getOrCreateSeriesRef: (labels) => store.seriesHandle(store.getOrCreateSeriesRef(labels))!,
    appendRef: (series, timestampMs, value, isStale) =>
      store.appendToSeries(series, timestampMs, value, isStale),
  };
}

import type { AppendedSample } from "@orbt/core";

/** What a store may say about an append: samples it refused for being older than the series' newest. */
export type AppendOutcome = { readonly outOfOrder: number };

/** The series store as the receivers write to it (core's `MemorySeriesStore` fits). */
export type SeriesAppender = {
  // biome-ignore lint/suspicious/noConfusingVoidType: a store that refuses nothing may return nothing, as MemorySeriesStore does.
  append(labels: Readonly<Record<string, string>>, samples: readonly AppendedSample[]): AppendOutcome | void;
};

import { type Labels, ok, type Result } from "@orbt/core";
import type { IngestError } from "../ingest/ingest-error.js";
import type { LabelLimits } from "../ingest/label-limits.js";
import { refuseNewSeries } from "../ingest/new-series.js";
import { withoutZeros } from "../ingest/rejection-counts.js";
import type { SeriesCardinality } from "../ingest/series-cardinality.js";
import type { SeriesRefAppender } from "../series-appender.js";
import type { SeriesRefCache } from "./series-ref-cache.js";
import type { WriteRequestView } from "./write-request-view.js";

/**
 * What remote_write appends through: series refs, so a series already known skips all label work
 * (`toSeriesAppender` of the chunked store, whose refs are series handles, fits).
 */
export type SeriesRefs = SeriesRefAppender;

export type RemoteWriteTarget = {
  readonly store: SeriesRefs;
  readonly cache: SeriesRefCache;
  readonly cardinality: SeriesCardinality;
  readonly limits: LabelLimits;
};

export type RemoteWriteRejection = "label_limits" | "cardinality_limit" | "out_of_order" | "native_histogram";

export type RemoteWriteCounts = {
  readonly accepted: number;
  readonly rejections: Readonly<Partial<Record<RemoteWriteRejection, number>>>;
};

/**
 * Appends a WriteRequest's samples, each series' in time order, as a Prometheus head would: older than the
 * series' newest is refused as out of order, the same timestamp again is a no-op. A series past the label
 * limits or its service's (`job`'s) cardinality budget is refused whole. Every series' labels are checked
 * before anything is stored, so a malformed request (an error, answered 400) stores nothing. A series found
 * in the cache by its label bytes was checked and admitted when it was cached, and goes straight to its ref.
 */
export function appendWriteRequest(
  request: WriteRequestView,
  target: RemoteWriteTarget,
): Result<RemoteWriteCounts, IngestError> {
  const { store, cache, cardinality, limits } = target;
  const count = request.seriesCount;
  const data = request.data;
  // Per series: the ref the cache knew, or else its labels, decoded and checked.
  const refs: unknown[] = new Array(count);
  // Allocated for the first series the cache does not know, which most requests do not have.
  let decoded: (Labels | undefined)[] | undefined;
  for (let index = 0; index < count; index++) {
    const keyStart = request.labelBytesStart(index);
    const ref = keyStart < 0 ? undefined : cache.get(data, keyStart, request.labelBytesEnd(index));
    if (ref !== undefined) {
      refs[index] = ref;
      continue;
    }
    const labels = request.labels(index);
    if (!labels.ok) return labels;
    decoded ??= new Array(count);
    decoded[index] = labels.value;
  }

  let accepted = 0;
  const refused: Record<RemoteWriteRejection, number> = {
    label_limits: 0,
    cardinality_limit: 0,
    out_of_order: 0,
    native_histogram: request.ignoredHistograms,
  };
  for (let index = 0; index < count; index++) {
    const first = request.firstSample(index);
    const end = request.firstSample(index + 1);
    if (first === end) continue;
    const keyStart = request.labelBytesStart(index);
    const keyEnd = request.labelBytesEnd(index);
    const labels = decoded?.[index];
    let ref = refs[index];
    if (labels !== undefined) {
      const refusal = refuseNewSeries(labels, limits, cardinality);
      if (refusal !== undefined) {
        refused[refusal] += end - first;
        continue;
      }
      ref = store.getOrCreateSeriesRef(labels);
      if (keyStart >= 0) cache.set(data, keyStart, keyEnd, ref);
    }
    const order = unsortedOrder(request, first, end);
    for (let offset = 0; offset < end - first; offset++) {
      const sample = order === undefined ? first + offset : order[offset]!;
      const timestampMs = request.timestampMs(sample);
      const value = request.value(sample);
      let outcome = store.appendRef(ref, timestampMs, value, false);
      if (outcome === "unknown_series") {
        // The store dropped the series (retention) since it was cached: the same labels get a new ref.
        ref = store.getOrCreateSeriesRef(labels ?? labelsOf(request, index));
        if (keyStart >= 0) cache.set(data, keyStart, keyEnd, ref);
        outcome = store.appendRef(ref, timestampMs, value, false);
      }
      if (outcome === "out_of_order") refused.out_of_order += 1;
      else accepted += 1;
    }
  }
  return ok({ accepted, rejections: withoutZeros(refused) });
}

/** Sample indexes [first, end) by timestamp, or undefined when already in order (as senders keep them). */
function unsortedOrder(request: WriteRequestView, first: number, end: number): number[] | undefined {
  let sample = first + 1;
  while (sample < end && request.timestampMs(sample - 1) <= request.timestampMs(sample)) sample++;
  if (sample >= end) return undefined;
  const indexes = Array.from({ length: end - first }, (_, offset) => first + offset);
  return indexes.sort((a, b) => request.timestampMs(a) - request.timestampMs(b));
}

/** Labels of a series found in the cache, whose bytes were checked when it was cached. */
function labelsOf(request: WriteRequestView, index: number): Labels {
  const labels = request.labels(index);
  if (!labels.ok) throw new Error(`cached series no longer decodes: ${labels.error.message}`);
  return labels.value;
}

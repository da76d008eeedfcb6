import { ChunkedSeriesStore, type LabelMatcher, type Labels } from "@orbt/core";
import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { SeriesCardinality } from "../ingest/series-cardinality.js";
import { toSeriesAppender } from "../series-appender.js";
import { appendWriteRequest } from "./append-write-request.js";
import { decodeRemoteWrite } from "./decode-remote-write.js";
import { WriteRequestType } from "./remote-write-proto.js";
import { SeriesRefCache } from "./series-ref-cache.js";

const LIMITS = {
  maxBodyBytes: 1024 * 1024,
  maxDecodedBytes: 1024 * 1024,
  maxLabelCount: 8,
  maxLabelNameLength: 32,
  maxLabelValueLength: 32,
};
const ALL: LabelMatcher[] = [{ type: "=~", name: "__name__", value: ".+" }];

type Series = { readonly name: string; readonly samples: readonly [timestampMs: number, value: number][] };

function writeRequest(series: readonly Series[]) {
  const message = WriteRequestType.fromObject({
    timeseries: series.map(({ name, samples }) => ({
      labels: [
        { name: "__name__", value: name },
        { name: "job", value: "api" },
      ],
      samples: samples.map(([timestamp, value]) => ({ timestamp, value })),
    })),
  });
  const body = compress(WriteRequestType.encode(message).finish() as Uint8Array<ArrayBuffer>);
  const decoded = decodeRemoteWrite(body, { contentType: undefined, contentEncoding: undefined }, LIMITS);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

describe("appendWriteRequest through series handles", () => {
  it("appends to a cached series by its handle, and makes it anew once the store has dropped it", () => {
    const store = new ChunkedSeriesStore();
    const cache = new SeriesRefCache();
    const handles = toSeriesAppender(store);
    let lookups = 0;
    const counted = {
      ...handles,
      getOrCreateSeriesRef: (labels: Labels) => {
        lookups += 1;
        return handles.getOrCreateSeriesRef(labels);
      },
    };
    const target = {
      store: counted,
      cache,
      cardinality: new SeriesCardinality(10),
      limits: LIMITS,
    };
    const append = (series: readonly Series[]) => appendWriteRequest(writeRequest(series), target);
    const stored = () =>
      store
        .select(ALL, 0, Number.MAX_SAFE_INTEGER)
        .map(({ labels, timestampsMs, values }) => [
          labels.__name__,
          Array.from(timestampsMs),
          Array.from(values),
        ]);

    expect(append([{ name: "up", samples: [[1000, 1]] }])).toEqual({
      ok: true,
      value: { accepted: 1, rejections: {} },
    });
    expect(append([{ name: "up", samples: [[2000, 2]] }])).toEqual({
      ok: true,
      value: { accepted: 1, rejections: {} },
    });
    expect([stored(), lookups]).toEqual([[["up", [1000, 2000], [1, 2]]], 1]);

    expect(store.truncateBefore(5000)).toBe(1);
    expect(append([{ name: "up", samples: [[6000, 6]] }])).toEqual({
      ok: true,
      value: { accepted: 1, rejections: {} },
    });
    expect(append([{ name: "up", samples: [[7000, 7]] }])).toEqual({
      ok: true,
      value: { accepted: 1, rejections: {} },
    });
    // The new handle was cached: the second append looked nothing up.
    expect([stored(), lookups]).toEqual([[["up", [6000, 7000], [6, 7]]], 2]);
  });
});

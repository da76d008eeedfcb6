import { ChunkedSeriesStore, type LabelMatcher } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { SeriesCardinality } from "../ingest/series-cardinality.js";
import { toSeriesAppender } from "../series-appender.js";
import { appendOtlpSamples } from "./append-otlp-samples.js";
import { decodeOtlpMetrics } from "./decode-otlp-request.js";
import { type OtlpSampleColumns, toOtlpSampleColumns } from "./otlp-sample-columns.js";
import { OtlpSeriesCache } from "./otlp-series-cache.js";
import { translateOtlpMetrics } from "./translate-otlp-metrics.js";

const LIMITS = { maxLabelCount: 6, maxLabelNameLength: 32, maxLabelValueLength: 8 };
const ALL: LabelMatcher[] = [{ type: "=~", name: "__name__", value: ".+" }];

type Point = { readonly attributes: Record<string, string>; readonly timeMs: number; readonly value: number };

/** The samples of one gauge `g` of service `web`, a point each. */
function gaugeSamples(points: readonly Point[]): OtlpSampleColumns {
  const dataPoints = points.map(({ attributes, timeMs, value }) => ({
    attributes: Object.entries(attributes).map(([key, text]) => ({ key, value: { stringValue: text } })),
    timeUnixNano: String(BigInt(timeMs) * 1_000_000n),
    asDouble: value,
  }));
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "web" } }] },
        scopeMetrics: [{ metrics: [{ name: "g", gauge: { dataPoints } }] }],
      },
    ],
  };
  const decoded = decodeOtlpMetrics(new TextEncoder().encode(JSON.stringify(body)), "json");
  if (!decoded.ok) throw new Error(decoded.error.message);
  return toOtlpSampleColumns(translateOtlpMetrics(decoded.value, 0).samples);
}

function setUp(maxSeriesPerService = 100) {
  const store = new ChunkedSeriesStore();
  const cache = new OtlpSeriesCache();
  const target = {
    store: toSeriesAppender(store),
    cache,
    cardinality: new SeriesCardinality(maxSeriesPerService),
    limits: LIMITS,
  };
  const append = (points: readonly Point[]) => appendOtlpSamples(gaugeSamples(points), target);
  const stored = () =>
    store.select(ALL, 0, Number.MAX_SAFE_INTEGER).map(({ labels, timestampsMs, values }) => ({
      labels,
      timestampsMs: Array.from(timestampsMs),
      values: Array.from(values),
    }));
  return { store, cache, append, stored };
}

describe("appendOtlpSamples", () => {
  it("appends to one series whatever order the attributes come in, caching each spelling", () => {
    const { cache, append, stored } = setUp();
    expect(append([{ attributes: { a: "1", b: "2" }, timeMs: 1000, value: 1 }])).toEqual({
      accepted: 1,
      rejections: {},
    });
    expect(append([{ attributes: { b: "2", a: "1" }, timeMs: 2000, value: 2 }]).accepted).toBe(1);
    expect(append([{ attributes: { a: "1", b: "2" }, timeMs: 3000, value: 3 }]).accepted).toBe(1);
    expect(cache.size).toBe(2);
    expect(stored()).toEqual([
      {
        labels: { __name__: "g", job: "web", a: "1", b: "2" },
        timestampsMs: [1000, 2000, 3000],
        values: [1, 2, 3],
      },
    ]);
  });

  it("appends a series named twice in one request in time order, and counts older samples later as out of order", () => {
    const { append, stored } = setUp();
    const counts = append([
      { attributes: { a: "1" }, timeMs: 2000, value: 2 },
      { attributes: { b: "1" }, timeMs: 2000, value: 5 },
      { attributes: { a: "1" }, timeMs: 1000, value: 1 },
    ]);
    expect(counts).toEqual({ accepted: 3, rejections: {} });
    expect(append([{ attributes: { a: "1" }, timeMs: 1500, value: 9 }])).toEqual({
      accepted: 0,
      rejections: { out_of_order: 1 },
    });
    expect(stored().map(({ timestampsMs, values }) => [timestampsMs, values])).toEqual([
      [
        [1000, 2000],
        [1, 2],
      ],
      [[2000], [5]],
    ]);
  });

  it("refuses series past the label limits each time they come, and caches none of them", () => {
    const { cache, append, stored } = setUp();
    const tooLong = { attributes: { a: "far too long" }, timeMs: 1000, value: 1 };
    const tooMany = { attributes: { a: "1", b: "2", c: "3", d: "4", e: "5" }, timeMs: 1000, value: 1 };
    for (let round = 0; round < 2; round++) {
      expect(append([tooLong, tooMany])).toEqual({ accepted: 0, rejections: { label_limits: 2 } });
    }
    expect([cache.size, stored()]).toEqual([0, []]);
  });

  it("refuses new series past the service's budget, and still takes the admitted ones", () => {
    const { append, stored } = setUp(1);
    const first = { attributes: { a: "1" }, timeMs: 1000, value: 1 };
    const second = { attributes: { a: "2" }, timeMs: 1000, value: 1 };
    expect(append([first, second])).toEqual({ accepted: 1, rejections: { cardinality_limit: 1 } });
    expect(
      append([
        { ...first, timeMs: 2000 },
        { ...second, timeMs: 2000 },
      ]),
    ).toEqual({
      accepted: 1,
      rejections: { cardinality_limit: 1 },
    });
    expect(stored().map(({ labels }) => labels.a)).toEqual(["1"]);
  });

  it("makes a cached series anew once the store has dropped it", () => {
    const { store, cache, append, stored } = setUp();
    append([{ attributes: { a: "1" }, timeMs: 1000, value: 1 }]);
    expect(store.truncateBefore(5000)).toBe(1);
    expect(stored()).toEqual([]);
    expect(append([{ attributes: { a: "1" }, timeMs: 6000, value: 6 }])).toEqual({
      accepted: 1,
      rejections: {},
    });
    expect(append([{ attributes: { a: "1" }, timeMs: 7000, value: 7 }]).accepted).toBe(1);
    expect([cache.size, stored()]).toEqual([
      1,
      [{ labels: { __name__: "g", job: "web", a: "1" }, timestampsMs: [6000, 7000], values: [6, 7] }],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { evaluateInstant } from "../promql/evaluate.js";
import { describeSeriesStoreContract } from "../promql/series-store.contract.test.js";
import { ChunkedSeriesStore } from "./chunked-series-store.js";

describeSeriesStoreContract("ChunkedSeriesStore", (series) => {
  const store = new ChunkedSeriesStore();
  for (const s of series) store.append(s.labels, s.samples);
  return store;
});

const MIN = 60_000;

function storeOf(count: number, samplesEach: number, stepMs = 15_000): ChunkedSeriesStore {
  const store = new ChunkedSeriesStore();
  for (let i = 0; i < count; i++) {
    const ref = store.getOrCreateSeriesRef({
      __name__: i % 2 === 0 ? "http_requests_total" : "up",
      instance: `host-${i}`,
      job: i % 3 === 0 ? "api" : "web",
    });
    for (let j = 0; j < samplesEach; j++) store.appendRef(ref, j * stepMs, i * 1000 + j);
  }
  return store;
}

describe("ChunkedSeriesStore", () => {
  it("hands out one ref per label set, ignoring empty values and label order", () => {
    const store = new ChunkedSeriesStore();
    const a = store.getOrCreateSeriesRef({ job: "api", __name__: "up", zone: "" });
    expect(store.getOrCreateSeriesRef({ __name__: "up", job: "api" })).toBe(a);
    expect(store.getOrCreateSeriesRef({ __name__: "up", job: "db" })).not.toBe(a);
  });

  it("rejects out-of-order samples and tells duplicates from conflicts", () => {
    const store = new ChunkedSeriesStore();
    const ref = store.getOrCreateSeriesRef({ __name__: "up" });
    expect(store.appendRef(ref, 2_000, 1)).toBe("ok");
    expect(store.appendRef(ref, 1_000, 1)).toBe("out_of_order");
    expect(store.appendRef(ref, 2_000, 1)).toBe("duplicate");
    expect(store.appendRef(ref, 2_000, 5)).toBe("conflict");
    expect(store.appendRef(ref, 3_000, 0, true)).toBe("ok");
    expect(store.appendRef(ref, 3_000, Number.NaN, true)).toBe("duplicate");
    expect(store.appendRef(999, 4_000, 1)).toBe("unknown_series");
    expect(store.seriesHandle(999)).toBeUndefined();
    const handle = store.seriesHandle(ref)!;
    expect(store.appendToSeries(handle, 1_500, 1)).toBe("out_of_order");
    expect(store.appendToSeries(handle, 3_000, Number.NaN, true)).toBe("duplicate");
    expect(store.appendRef(ref, 3_000.4, 1)).toBe("conflict");
    expect(store.appendRef(ref, 3_000.6, 1)).toBe("ok");
    const [series] = [...store.select([], 0, 10_000)];
    expect(Array.from(series!.timestampsMs)).toEqual([2_000, 3_000, 3_001]);
    expect(series!.stale).toEqual([false, true, false]);
  });

  it("sorts a batch and counts outcomes against data already stored", () => {
    const store = new ChunkedSeriesStore();
    store.append({ __name__: "up" }, [{ timestampMs: 5_000, value: 1 }]);
    const counts = store.append({ __name__: "up" }, [
      { timestampMs: 7_000, value: 3 },
      { timestampMs: 6_000, value: 2 },
      { timestampMs: 1_000, value: 0 },
      { timestampMs: 5_000, value: 1 },
    ]);
    expect(counts).toEqual({ ok: 2, duplicate: 1, conflict: 0, out_of_order: 1, unknown_series: 0 });
  });

  it("spans chunks and returns only the chunks overlapping the window", () => {
    const store = storeOf(1, 500);
    expect(store.stats()).toMatchObject({ seriesCount: 1, chunkCount: 5, sampleCount: 500 });
    const [all] = [...store.select([], 0, 500 * 15_000)];
    expect(Array.from(all!.values)).toEqual(Array.from({ length: 500 }, (_, j) => j));
    const [late] = [...store.select([], 480 * 15_000, 490 * 15_000)];
    expect(Array.from(late!.timestampsMs)[0]).toBe(480 * 15_000);
    expect(late!.values.length).toBe(20);
    expect([...store.select([], 600 * 15_000, 700 * 15_000)]).toEqual([]);
  });

  it("reads the newest sample at or before an instant, decoding a chunk only for older instants", () => {
    const store = new ChunkedSeriesStore();
    const up = store.getOrCreateSeriesRef({ __name__: "up", job: "b" });
    const gone = store.getOrCreateSeriesRef({ __name__: "up", job: "a" });
    store.getOrCreateSeriesRef({ __name__: "up", job: "c" });
    for (let j = 0; j < 250; j++) store.appendRef(up, j * MIN, j);
    store.appendRef(gone, 10 * MIN, 5);
    store.appendRef(gone, 20 * MIN, 0, true);
    const up_ = [{ name: "__name__", type: "=" as const, value: "up" }];
    const latest = (min: number, max: number) => {
      const l = store.selectLatest(up_, min, max);
      return l.labels.map((labels, i) => [labels.job, l.timestampsMs[i], l.values[i], l.stale?.[i] ?? false]);
    };
    // In label order; the staleness marker is read as one; the series with no sample is left out.
    expect(latest(0, 300 * MIN)).toEqual([
      ["a", 20 * MIN, Number.NaN, true],
      ["b", 249 * MIN, 249, false],
    ]);
    // Before the newest samples: from the chunk holding the instant (the first of three here).
    expect(latest(0, 15 * MIN + 1)).toEqual([
      ["a", 10 * MIN, 5, false],
      ["b", 15 * MIN, 15, false],
    ]);
    expect(latest(130 * MIN, 130 * MIN)).toEqual([["b", 130 * MIN, 130, false]]);
    expect(latest(21 * MIN, 22 * MIN)).toEqual([["b", 22 * MIN, 22, false]]);
    expect(latest(-10 * MIN, -MIN)).toEqual([]);
  });

  it("selects in label order and sees series come and go between selections", () => {
    const store = new ChunkedSeriesStore();
    const matchers = [
      { name: "__name__", type: "=" as const, value: "up" },
      { name: "job", type: "=~" as const, value: "a.*" },
    ];
    const jobs = () => store.select(matchers, 0, 10 * MIN).map((s) => s.labels.job);
    for (const job of ["ab", "a", "b", "aa"])
      store.append({ __name__: "up", job }, [{ timestampMs: 0, value: 1 }]);
    expect(jobs()).toEqual(["a", "aa", "ab"]);
    store.append({ __name__: "other", job: "a0" }, [{ timestampMs: 0, value: 1 }]);
    store.append({ __name__: "up", job: "a0" }, [{ timestampMs: MIN, value: 1 }]);
    expect(jobs()).toEqual(["a", "a0", "aa", "ab"]);
    store.append({ __name__: "up", job: "a0" }, [{ timestampMs: 300 * MIN, value: 1 }]);
    store.append({ __name__: "up", job: "ab" }, [{ timestampMs: 300 * MIN, value: 1 }]);
    expect(store.truncateBefore(200 * MIN)).toBe(4);
    expect(store.select(matchers, 0, 400 * MIN).map((s) => s.labels.job)).toEqual(["a0", "ab"]);
    // A removed series' slot goes to the next new series, which starts with no sample.
    store.getOrCreateSeriesRef({ __name__: "up", job: "a1" });
    expect(store.selectLatest(matchers, 0, 400 * MIN).labels.map((l) => l.job)).toEqual(["a0", "ab"]);
  });

  it("intersects postings of very different lengths", () => {
    const store = storeOf(3000, 1);
    const refs = store.series(
      [
        { name: "instance", type: "=~", value: "host-(7|2999|1500|4)" },
        { name: "__name__", type: "=", value: "up" },
        { name: "job", type: "=", value: "web" },
      ],
      0,
      0,
    );
    expect(refs.map((l) => l.instance)).toEqual(["host-2999", "host-7"]);
  });

  it("resolves every matcher type through the postings", () => {
    const store = storeOf(12, 1);
    const instances = (m: Parameters<ChunkedSeriesStore["series"]>[0]) =>
      store.series(m, 0, 0).map((l) => l.instance);
    expect(instances([{ name: "instance", type: "=", value: "host-4" }])).toEqual(["host-4"]);
    expect(
      instances([
        { name: "__name__", type: "=", value: "up" },
        { name: "job", type: "=~", value: "a.i" },
      ]),
    ).toEqual(["host-3", "host-9"]);
    expect(instances([{ name: "instance", type: "=~", value: "host-1|host-11|nope" }])).toEqual([
      "host-1",
      "host-11",
    ]);
    expect(
      instances([
        { name: "job", type: "!=", value: "web" },
        { name: "instance", type: "!~", value: "host-[03]" },
      ]),
    ).toEqual(["host-6", "host-9"]);
    expect(instances([{ name: "zone", type: "=", value: "" }])).toHaveLength(12);
    expect(instances([{ name: "zone", type: "!=", value: "" }])).toEqual([]);
    expect(instances([{ name: "job", type: "=~", value: "" }])).toEqual([]);
  });

  it("lists label names and values, narrowed by matchers", () => {
    const store = storeOf(4, 1);
    expect(store.labelNames()).toEqual(["__name__", "instance", "job"]);
    expect(store.labelValues("job")).toEqual(["api", "web"]);
    expect(store.labelValues("job", [{ name: "__name__", type: "=", value: "up" }])).toEqual(["api", "web"]);
    expect(store.labelValues("instance", [{ name: "job", type: "=", value: "api" }])).toEqual([
      "host-0",
      "host-3",
    ]);
    expect(store.labelNames([{ name: "job", type: "=", value: "none" }])).toEqual([]);
    expect(store.labelValues("absent")).toEqual([]);
  });

  it("drops whole chunks and then whole series before the retention horizon", () => {
    const store = new ChunkedSeriesStore();
    const old = store.getOrCreateSeriesRef({ __name__: "old" });
    const live = store.getOrCreateSeriesRef({ __name__: "live", job: "x" });
    const oldHandle = store.seriesHandle(old)!;
    const liveHandle = store.seriesHandle(live)!;
    for (let j = 0; j < 240; j++) {
      store.appendRef(live, j * MIN, j);
      if (j < 100) store.appendRef(old, j * MIN, j);
    }
    expect(store.truncateBefore(150 * MIN)).toBe(1);
    expect(store.stats()).toMatchObject({ seriesCount: 1, chunkCount: 1, sampleCount: 120 });
    expect(store.labelNames()).toEqual(["__name__", "job"]);
    expect(store.labelValues("__name__")).toEqual(["live"]);
    expect(store.appendRef(old, 300 * MIN, 1)).toBe("unknown_series");
    expect(store.seriesHandle(old)).toBeUndefined();
    expect(store.appendToSeries(oldHandle, 300 * MIN, 1)).toBe("unknown_series");
    expect(store.appendToSeries(liveHandle, 300 * MIN, 1)).toBe("ok");
    expect(store.stats()).toMatchObject({ seriesCount: 1, sampleCount: 121 });
    expect(store.getOrCreateSeriesRef({ __name__: "old" })).not.toBe(old);
    const result = evaluateInstant("live", 239 * MIN, store);
    expect(result.ok && result.value.value).toMatchObject({ result: [{ value: 239 }] });
  });
});

import { describe, expect, it } from "vitest";
import { evaluateRange } from "./evaluate.js";
import type { Labels } from "./labels.js";
import { type AppendedSample, MemorySeriesStore } from "./memory-series-store.js";
import type { SeriesStore, StoredSeries } from "./series-store.js";

/** Builds a store holding exactly these series; each implementation supplies one. */
export type SeriesStoreFactory = (
  series: readonly { readonly labels: Labels; readonly samples: readonly AppendedSample[] }[],
) => SeriesStore;

const MIN = 60_000;

const FIXTURE: Parameters<SeriesStoreFactory>[0] = [
  {
    labels: { __name__: "req_total", job: "api", code: "200" },
    samples: Array.from({ length: 11 }, (_, i) => ({ timestampMs: i * MIN, value: i * 60 })),
  },
  {
    labels: { __name__: "req_total", job: "api", code: "500" },
    samples: [
      { timestampMs: 0, value: 1 },
      { timestampMs: MIN, value: 2 },
      { timestampMs: 2 * MIN, value: Number.NaN, isStale: true },
    ],
  },
  { labels: { __name__: "up", job: "db" }, samples: [{ timestampMs: 20 * MIN, value: 1 }] },
];

function inWindow(series: StoredSeries, minMs: number, maxMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < series.timestampsMs.length; i++) {
    const t = series.timestampsMs[i]!;
    if (t >= minMs && t <= maxMs) out.push(series.values[i]!);
  }
  return out;
}

/** The behaviour every `SeriesStore` must show; run it from each implementation's test. */
export function describeSeriesStoreContract(name: string, makeStore: SeriesStoreFactory): void {
  describe(`SeriesStore contract: ${name}`, () => {
    const store = makeStore(FIXTURE);
    const select = (matchers: Parameters<SeriesStore["select"]>[0], minMs = 0, maxMs = 30 * MIN) => [
      ...store.select(matchers, minMs, maxMs),
    ];

    it("applies every matcher type, a missing label matching the empty string", () => {
      const codes = (m: Parameters<SeriesStore["select"]>[0]) =>
        select(m)
          .map((s) => s.labels.code ?? "-")
          .sort();
      expect(codes([{ name: "__name__", type: "=", value: "req_total" }])).toEqual(["200", "500"]);
      expect(codes([{ name: "code", type: "=~", value: "5.." }])).toEqual(["500"]);
      expect(codes([{ name: "code", type: "!~", value: "5.." }])).toEqual(["-", "200"]);
      expect(codes([{ name: "code", type: "!=", value: "200" }])).toEqual(["-", "500"]);
      expect(codes([{ name: "code", type: "=", value: "" }])).toEqual(["-"]);
    });

    it("returns only series with samples in the window, timestamps ascending", () => {
      const early = select([{ name: "job", type: "=~", value: ".+" }], 0, 5 * MIN);
      expect(early.map((s) => s.labels.__name__).sort()).toEqual(["req_total", "req_total"]);
      for (const s of early) {
        const ts = Array.from(s.timestampsMs);
        expect(ts).toEqual([...ts].sort((a, b) => a - b));
        expect(s.values.length).toBe(ts.length);
      }
      const ok = early.find((s) => s.labels.code === "200")!;
      expect(inWindow(ok, 3 * MIN, 5 * MIN)).toEqual([180, 240, 300]);
    });

    it("keeps staleness markers", () => {
      const [failing] = select([{ name: "code", type: "=", value: "500" }]);
      const staleAt = Array.from(failing!.timestampsMs).findIndex((t) => t === 2 * MIN);
      expect(failing!.stale?.[staleAt]).toBe(true);
      expect(failing!.stale?.[0] ?? false).toBe(false);
    });

    it("serves the PromQL engine", () => {
      const result = evaluateRange('rate(req_total{code="200"}[5m])', 5 * MIN, 10 * MIN, 5 * MIN, store);
      expect(result.ok && result.value.value).toEqual({
        resultType: "matrix",
        result: [
          {
            metric: { code: "200", job: "api" },
            points: [
              { timestampMs: 5 * MIN, value: 1 },
              { timestampMs: 10 * MIN, value: 1 },
            ],
          },
        ],
      });
    });
  });
}

describeSeriesStoreContract("MemorySeriesStore", (series) => {
  const store = new MemorySeriesStore();
  for (const s of series) store.append(s.labels, s.samples);
  return store;
});

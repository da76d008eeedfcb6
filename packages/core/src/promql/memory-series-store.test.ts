import { describe, expect, it } from "vitest";
import { MemorySeriesStore } from "./memory-series-store.js";

describe("MemorySeriesStore", () => {
  const store = new MemorySeriesStore();
  store.append({ __name__: "up", job: "a" }, [
    { timestampMs: 2_000, value: 2 },
    { timestampMs: 1_000, value: 1 },
    { timestampMs: 3_000, value: 0, isStale: true },
  ]);
  store.append({ __name__: "up", job: "b", empty: "" }, [{ timestampMs: 10_000, value: 5 }]);

  it("keeps samples sorted by time and marks staleness", () => {
    const [series] = [...store.select([{ name: "job", type: "=", value: "a" }], 0, 5_000)];
    expect(series?.timestampsMs).toEqual([1_000, 2_000, 3_000]);
    expect(series?.stale).toEqual([false, false, true]);
  });

  it("selects by matchers and time overlap, dropping empty labels", () => {
    const all = [...store.select([{ name: "__name__", type: "=", value: "up" }], 9_000, 11_000)];
    expect(all.map((s) => s.labels)).toEqual([{ __name__: "up", job: "b" }]);
    const missing = [...store.select([{ name: "job", type: "=~", value: "c|d" }], 0, 20_000)];
    expect(missing).toEqual([]);
  });
});

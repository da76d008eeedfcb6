import { ChunkedSeriesStore, type Labels, MemorySeriesStore } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { toSeriesAppender } from "../series-appender.js";
import { RuleSampleWriter } from "./rule-sample-writer.js";

const ALERTS = { __name__: "ALERTS", alertname: "Down", alertstate: "firing", job: "shop" };
const byName = (name: string) => [{ name: "__name__", type: "=" as const, value: name }];

function countingAppender(store: ChunkedSeriesStore) {
  const appender = toSeriesAppender(store);
  const lookups: Labels[] = [];
  return {
    lookups,
    appender: {
      ...appender,
      getOrCreateSeriesRef: (labels: Labels) => {
        lookups.push(labels);
        return appender.getOrCreateSeriesRef(labels);
      },
    },
  };
}

describe("RuleSampleWriter", () => {
  it("looks each label set up once and appends every sample, staleness markers included", () => {
    const store = new ChunkedSeriesStore();
    const { appender, lookups } = countingAppender(store);
    const writer = new RuleSampleWriter(appender);
    writer.write([{ labels: ALERTS, timestampMs: 1000, value: 1 }]);
    writer.write([{ labels: ALERTS, timestampMs: 2000, value: 1 }]);
    writer.write([{ labels: ALERTS, timestampMs: 3000, value: Number.NaN, isStale: true }]);
    expect(lookups).toEqual([ALERTS]);
    const [series] = store.select(byName("ALERTS"), 0, 5000);
    expect(Array.from(series!.timestampsMs)).toEqual([1000, 2000, 3000]);
    expect(Array.from(series!.stale ?? [])).toEqual([false, false, true]);
  });

  it("finds the series again once the store has dropped it", () => {
    const store = new ChunkedSeriesStore();
    const { appender, lookups } = countingAppender(store);
    const writer = new RuleSampleWriter(appender);
    writer.write([{ labels: ALERTS, timestampMs: 1000, value: 1 }]);
    expect(store.truncateBefore(2000)).toBe(1);
    writer.write([{ labels: ALERTS, timestampMs: 3000, value: 1 }]);
    expect(lookups).toHaveLength(2);
    const [series] = store.select(byName("ALERTS"), 0, 5000);
    expect(Array.from(series!.timestampsMs)).toEqual([3000]);
  });

  it("appends by labels to an appender without refs", () => {
    const store = new MemorySeriesStore();
    const writer = new RuleSampleWriter(store);
    writer.write([
      { labels: ALERTS, timestampMs: 1000, value: 1 },
      { labels: ALERTS, timestampMs: 2000, value: Number.NaN, isStale: true },
    ]);
    const [series] = store.select(byName("ALERTS"), 0, 5000);
    expect(Array.from(series!.values)).toEqual([1, Number.NaN]);
    expect(Array.from(series!.stale ?? [])).toEqual([false, true]);
  });
});

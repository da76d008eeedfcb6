import { describe, expect, it } from "vitest";
import type { LabelMatcher } from "../promql/label-matcher.js";
import { MemorySeriesStore } from "../promql/memory-series-store.js";
import { IndexedSeriesStore } from "./indexed-series-store.js";

function storeOf(): MemorySeriesStore {
  const store = new MemorySeriesStore();
  store.append({ __name__: "m", service: "a", env: "prod" }, [{ timestampMs: 1000, value: 1 }]);
  store.append({ __name__: "m", service: "a", env: "dev" }, [{ timestampMs: 1000, value: 2 }]);
  store.append({ __name__: "m", service: "b", env: "prod" }, [{ timestampMs: 5000, value: 3 }]);
  store.append({ __name__: "other", service: "a" }, [{ timestampMs: 1000, value: 4 }]);
  return store;
}

const name = (value: string): LabelMatcher => ({ name: "__name__", type: "=", value });

describe("IndexedSeriesStore", () => {
  it.each([
    { matchers: [name("m"), { name: "service", type: "=", value: "a" }], min: 0, max: 9000 },
    { matchers: [name("m"), { name: "env", type: "=", value: "prod" }], min: 0, max: 9000 },
    { matchers: [name("m"), { name: "env", type: "=", value: "prod" }], min: 2000, max: 9000 },
    { matchers: [name("m"), { name: "service", type: "!=", value: "a" }], min: 0, max: 9000 },
    { matchers: [name("m"), { name: "service", type: "=", value: "zzz" }], min: 0, max: 9000 },
    { matchers: [{ name: "service", type: "=~", value: "a|b" }], min: 0, max: 9000 },
  ] as { matchers: LabelMatcher[]; min: number; max: number }[])(
    "selects what the store selects for $matchers",
    ({ matchers, min, max }) => {
      const store = storeOf();
      const labelsOf = (series: Iterable<{ labels: object }>) =>
        [...series].map((s) => JSON.stringify(s.labels)).sort();
      expect(labelsOf(new IndexedSeriesStore(store).select(matchers, min, max))).toEqual(
        labelsOf(store.select(matchers, min, max)),
      );
    },
  );
});

import { MemorySeriesStore } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { scanLabelIndex } from "./scan-label-index.js";

function store(): MemorySeriesStore {
  const s = new MemorySeriesStore();
  s.append({ __name__: "up", job: "api" }, [{ timestampMs: 1000, value: 1 }]);
  s.append({ __name__: "up", job: "db", zone: "" }, [{ timestampMs: 5000, value: 1 }]);
  s.append({ __name__: "temp", room: "a" }, [{ timestampMs: 9000, value: 20 }]);
  return s;
}

describe("scanLabelIndex", () => {
  it("lists names and values of every series, skipping empty values", () => {
    const index = scanLabelIndex(store());
    expect([...index.labelNames()].sort()).toEqual(["__name__", "job", "room"]);
    expect([...index.labelValues("job")].sort()).toEqual(["api", "db"]);
    expect([...index.labelValues("zone")]).toEqual([]);
  });

  it("restricts to matchers and the time window", () => {
    const index = scanLabelIndex(store());
    const up = [{ name: "__name__", type: "=", value: "up" }] as const;
    expect([...index.labelNames(up)].sort()).toEqual(["__name__", "job"]);
    expect([...index.labelValues("job", up, 4000, 6000)]).toEqual(["db"]);
    expect([...index.labelNames(undefined, 8000, 10_000)].sort()).toEqual(["__name__", "room"]);
  });
});

import { describe, expect, it } from "vitest";
import { seriesKey } from "./append-samples.js";

describe("seriesKey", () => {
  it("is the same whatever the label order, and differs for label sets that read alike", () => {
    expect(seriesKey({ __name__: "up", job: "api" })).toBe(seriesKey({ job: "api", __name__: "up" }));
    const lookalikes: Record<string, string>[] = [
      { a: "x", b: "y" },
      { a: "x1:b=1:y" },
      { a: "x", b: "y", c: "" },
      { "a=1:x1:b": "y" },
      { a: "xb", "": "y" },
    ];
    expect(new Set(lookalikes.map(seriesKey)).size).toBe(lookalikes.length);
  });
});

import { describe, expect, it } from "vitest";
import { formatApiData } from "./format-api-data.js";

describe("formatApiData", () => {
  it("encodes vectors as [seconds, string] pairs", () => {
    const data = formatApiData({
      resultType: "vector",
      result: [{ metric: { __name__: "up", job: "a" }, timestampMs: 1_500, value: Number.POSITIVE_INFINITY }],
    });
    expect(JSON.stringify(data)).toBe(
      '{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a"},"value":[1.5,"+Inf"]}]}',
    );
  });

  it("encodes matrices with a values array", () => {
    const data = formatApiData({
      resultType: "matrix",
      result: [
        {
          metric: {},
          points: [
            { timestampMs: 0, value: 1 },
            { timestampMs: 60_000, value: 0.5 },
          ],
        },
      ],
    });
    expect(data).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: {},
          values: [
            [0, "1"],
            [60, "0.5"],
          ],
        },
      ],
    });
  });

  it("encodes scalars and strings", () => {
    expect(formatApiData({ resultType: "scalar", result: { timestampMs: 2_000, value: 3 } })).toEqual({
      resultType: "scalar",
      result: [2, "3"],
    });
    expect(formatApiData({ resultType: "string", result: { timestampMs: 0, value: "hi" } })).toEqual({
      resultType: "string",
      result: [0, "hi"],
    });
  });
});

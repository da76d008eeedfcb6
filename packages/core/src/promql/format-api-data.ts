import { formatValue } from "./format-value.js";
import type { Labels } from "./labels.js";
import type { QueryValue } from "./query-result.js";

/** `[unix seconds, "value"]`, as the Prometheus HTTP API encodes a sample. */
export type ApiSamplePair = [number, string];

/** The `data` object of a Prometheus HTTP API query response. */
export type ApiQueryData =
  | { resultType: "vector"; result: { metric: Labels; value: ApiSamplePair }[] }
  | { resultType: "matrix"; result: { metric: Labels; values: ApiSamplePair[] }[] }
  | { resultType: "scalar"; result: ApiSamplePair }
  | { resultType: "string"; result: [number, string] };

function toSamplePair(timestampMs: number, value: number): ApiSamplePair {
  return [timestampMs / 1000, formatValue(value)];
}

/** Shapes a query value like Prometheus's `/api/v1/query` and `/api/v1/query_range` `data`. */
export function formatApiData(value: QueryValue): ApiQueryData {
  switch (value.resultType) {
    case "vector":
      return {
        resultType: "vector",
        result: value.result.map((s) => ({ metric: s.metric, value: toSamplePair(s.timestampMs, s.value) })),
      };
    case "matrix":
      return {
        resultType: "matrix",
        result: value.result.map((s) => ({
          metric: s.metric,
          values: s.points.map((p) => toSamplePair(p.timestampMs, p.value)),
        })),
      };
    case "scalar":
      return { resultType: "scalar", result: toSamplePair(value.result.timestampMs, value.result.value) };
    case "string":
      return { resultType: "string", result: [value.result.timestampMs / 1000, value.result.value] };
  }
}

import type { Annotations } from "./annotations.js";
import type { Labels } from "./labels.js";

export type InstantSample = { readonly metric: Labels; readonly timestampMs: number; readonly value: number };
export type Point = { readonly timestampMs: number; readonly value: number };
export type SeriesPoints = { readonly metric: Labels; readonly points: readonly Point[] };

/** A query's value in Prometheus's result types. */
export type QueryValue =
  | { readonly resultType: "vector"; readonly result: readonly InstantSample[] }
  | { readonly resultType: "matrix"; readonly result: readonly SeriesPoints[] }
  | { readonly resultType: "scalar"; readonly result: Point }
  | {
      readonly resultType: "string";
      readonly result: { readonly timestampMs: number; readonly value: string };
    };

export type QueryResult = { readonly value: QueryValue; readonly annotations: Annotations };

import type { AnnotationSink } from "./annotations.js";

/** What operators and functions may read about the running query. */
export type EvalContext = {
  readonly startMs: number;
  readonly endMs: number;
  /** 0 for instant queries. */
  readonly stepMs: number;
  readonly annotations: AnnotationSink;
};

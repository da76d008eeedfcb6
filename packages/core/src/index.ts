export { type DprIdParts, formatDprId } from "./ids/dpr-id.js";
export type { Annotations } from "./promql/annotations.js";
export type { Expr, ValueType } from "./promql/ast.js";
export { evaluateInstant, evaluateRange } from "./promql/evaluate.js";
export {
  DEFAULT_LOOKBACK_DELTA_MS,
  DEFAULT_SUBQUERY_STEP_MS,
  type EvaluateOptions,
} from "./promql/evaluator.js";
export {
  type ExpositionError,
  type ExpositionSeries,
  type ParseExpositionOptions,
  parseExposition,
} from "./promql/exposition/parse-exposition.js";
export { type ApiQueryData, type ApiSamplePair, formatApiData } from "./promql/format-api-data.js";
export { formatValue } from "./promql/format-value.js";
export { type LabelMatcher, type MatchType, matchesLabels } from "./promql/label-matcher.js";
export type { Labels } from "./promql/labels.js";
export { type AppendedSample, MemorySeriesStore } from "./promql/memory-series-store.js";
export { type ParsedQuery, parsePromql } from "./promql/parse.js";
export type { PromqlError } from "./promql/promql-error.js";
export type { InstantSample, Point, QueryResult, QueryValue, SeriesPoints } from "./promql/query-result.js";
export type { Result } from "./promql/result.js";
export type { SeriesStore, StoredSeries } from "./promql/series-store.js";

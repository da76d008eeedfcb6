import type { Expr } from "../promql/ast.js";
import { evaluateInstant } from "../promql/evaluate.js";
import type { EvaluateOptions } from "../promql/evaluator.js";
import type { InstantSample } from "../promql/query-result.js";
import type { SeriesStore } from "../promql/series-store.js";
import { err, ok, type Result } from "../result.js";

/** A rule's query at one instant: a vector, or a scalar read as one label-less sample (Prometheus's EngineQueryFunc). */
export function queryVector(
  expr: Expr,
  timeMs: number,
  store: SeriesStore,
  options: EvaluateOptions,
): Result<readonly InstantSample[], string> {
  const result = evaluateInstant(expr, timeMs, store, options);
  if (!result.ok) return err(result.error.message);
  const value = result.value.value;
  if (value.resultType === "vector") return ok(value.result);
  if (value.resultType === "scalar")
    return ok([{ metric: {}, timestampMs: timeMs, value: value.result.value }]);
  return err("rule result is not a vector or scalar");
}

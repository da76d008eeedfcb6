import { labelsKey, METRIC_NAME_LABEL } from "../promql/labels.js";
import type { SeriesStore } from "../promql/series-store.js";
import { err, ok, type Result } from "../result.js";
import { queryVector } from "./query-vector.js";
import type { RuleContext } from "./rule-context.js";
import type { RuleError } from "./rule-error.js";
import type { RecordingRule } from "./rule-group.js";
import type { RuleSample } from "./rule-sample.js";

/**
 * One evaluation of a recording rule: its result renamed to the rule's metric, with the rule's
 * labels, and each sample's `labelsKey`.
 */
export function evaluateRecordingRule(
  rule: RecordingRule,
  timeMs: number,
  store: SeriesStore,
  context: RuleContext,
): Result<{ readonly samples: readonly RuleSample[]; readonly keys: readonly string[] }, RuleError> {
  const vector = queryVector(rule.expr, timeMs, store, context.evaluate ?? {});
  if (!vector.ok) return err({ code: "query", message: vector.error });
  const seen = new Set<string>();
  const samples: RuleSample[] = [];
  const keys: string[] = [];
  for (const sample of vector.value) {
    const labels: Record<string, string> = {
      ...sample.metric,
      [METRIC_NAME_LABEL]: rule.name,
      ...rule.labels,
    };
    for (const name of Object.keys(labels)) if (labels[name] === "") delete labels[name];
    const key = labelsKey(labels);
    if (seen.has(key)) {
      return err({
        code: "duplicate_labelset",
        message: "vector contains metrics with the same labelset after applying rule labels",
      });
    }
    seen.add(key);
    samples.push({ labels, timestampMs: timeMs, value: sample.value });
    keys.push(key);
  }
  const limit = context.limit ?? 0;
  if (limit > 0 && samples.length > limit)
    return err({ code: "limit", message: `exceeded limit of ${limit} with ${samples.length} series` });
  return ok({ samples, keys });
}

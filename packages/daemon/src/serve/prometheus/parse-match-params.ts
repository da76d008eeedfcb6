import { err, type LabelMatcher, ok, parsePromql, type Result } from "@orbt/core";

/**
 * Reads repeated `match[]` series selectors (`up{job="api"}`) into matcher sets, as Prometheus's
 * parseMatchersParam does: each must be a plain selector, without range, offset or `@`.
 */
export function parseMatchParams(selectors: readonly string[]): Result<LabelMatcher[][], string> {
  const sets: LabelMatcher[][] = [];
  for (const selector of selectors) {
    const parsed = parsePromql(selector);
    if (!parsed.ok) {
      // Prometheus reports this one in the API's own words.
      const isAllEmpty = parsed.error.message.includes("must contain at least one non-empty matcher");
      return err(isAllEmpty ? "match[] must contain at least one non-empty matcher" : parsed.error.message);
    }
    const { expr } = parsed.value;
    if (expr.type !== "VectorSelector" || expr.offset !== undefined || expr.at !== undefined) {
      return err(
        `parse error: ${JSON.stringify(selector)} is not a series selector like metric{label="value"}`,
      );
    }
    sets.push([...expr.matchers]);
  }
  return ok(sets);
}

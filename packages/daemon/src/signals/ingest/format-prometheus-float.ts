/** Prometheus' spelling of a float label value such as `le` or `quantile`. */
export function formatPrometheusFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

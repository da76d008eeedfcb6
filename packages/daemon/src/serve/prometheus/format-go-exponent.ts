/** Go's strconv.FormatFloat(v, 'e', -1, 64), how Prometheus writes an alert's value: `1.5e+00`. */
export function formatGoExponent(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  if (Object.is(value, -0)) return "-0e+00";
  return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}

/** How a metric is exposed to Prometheus, which decides its suffixes. */
export type PrometheusMetricKind = "counter" | "gauge" | "histogram" | "summary";

// The unit mapping of the OpenTelemetry-to-Prometheus compatibility specification.
const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: "days",
  h: "hours",
  min: "minutes",
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  By: "bytes",
  KiBy: "kibibytes",
  MiBy: "mebibytes",
  GiBy: "gibibytes",
  TiBy: "tibibytes",
  KBy: "kilobytes",
  MBy: "megabytes",
  GBy: "gigabytes",
  TBy: "terabytes",
  m: "meters",
  V: "volts",
  A: "amperes",
  J: "joules",
  W: "watts",
  g: "grams",
  Cel: "celsius",
  Hz: "hertz",
  "%": "percent",
  "1": "",
};

const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: "second",
  m: "minute",
  h: "hour",
  d: "day",
  w: "week",
  mo: "month",
  y: "year",
};

/**
 * The Prometheus name of an OTLP metric: invalid characters become `_`, the unit is appended as words
 * (`ms` → `_milliseconds`, `By/s` → `_bytes_per_second`) unless the name already says it, counters end in
 * `_total`, and gauges of unit `1` end in `_ratio`. Histogram and summary series add their own suffixes.
 */
export function buildPrometheusMetricName(name: string, unit: string, kind: PrometheusMetricKind): string {
  const [mainUnit = "", perUnit = ""] = unit
    .replace(/\{[^}]*\}/g, "")
    .trim()
    .split("/", 2);
  const perTokens = tokenize(PER_UNIT_WORDS[perUnit] ?? perUnit);
  let tokens = withSuffix(tokenize(name), tokenize(UNIT_WORDS[mainUnit] ?? mainUnit));
  if (perTokens.length > 0) tokens = withSuffix(tokens, ["per", ...perTokens]);
  if (kind === "counter") tokens = [...tokens.filter((token) => token !== "total"), "total"];
  if (kind === "gauge" && unit === "1") tokens = withSuffix(tokens, ["ratio"]);
  const joined = tokens.join("_");
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

function tokenize(text: string): string[] {
  return text.split(/[^a-zA-Z0-9]+/).filter((token) => token !== "");
}

/** Appends `suffix` unless the name already contains it as consecutive tokens. */
function withSuffix(tokens: readonly string[], suffix: readonly string[]): string[] {
  const isPresent = `_${tokens.join("_")}_`.includes(`_${suffix.join("_")}_`);
  return suffix.length === 0 || isPresent ? [...tokens] : [...tokens, ...suffix];
}

import type { Span } from "./ast.js";
import type { EvalContext } from "./eval-context.js";
import { formatValue } from "./format-value.js";
import { dropMetricName, type Labels, labelsKey } from "./labels.js";
import type { Sample } from "./values.js";

type Bucket = { upperBound: number; count: number };

const SMALL_DELTA_TOLERANCE = 1e-12;

function isAlmostEqual(a: number, b: number, epsilon: number): boolean {
  if (a === b) return true;
  const minNormal = 2.2250738585072014e-308;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** Prometheus's BucketQuantile over classic `le` buckets; reports whether counts were made monotonic. */
function bucketQuantile(q: number, input: readonly Bucket[]): { value: number; wasFixed: boolean } {
  if (Number.isNaN(q)) return { value: Number.NaN, wasFixed: false };
  if (q < 0) return { value: Number.NEGATIVE_INFINITY, wasFixed: false };
  if (q > 1) return { value: Number.POSITIVE_INFINITY, wasFixed: false };
  const sorted = [...input].map((b) => ({ ...b })).sort((a, b) => a.upperBound - b.upperBound);
  if (sorted[sorted.length - 1]?.upperBound !== Number.POSITIVE_INFINITY)
    return { value: Number.NaN, wasFixed: false };
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last !== undefined && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push(b);
  }
  let wasFixed = false;
  let prev = buckets[0]!.count;
  for (let i = 1; i < buckets.length; i++) {
    const curr = buckets[i]!.count;
    if (curr === prev) continue;
    if (isAlmostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
      buckets[i]!.count = prev;
      continue;
    }
    if (curr < prev) {
      buckets[i]!.count = prev;
      wasFixed = true;
      continue;
    }
    prev = curr;
  }
  if (buckets.length < 2) return { value: Number.NaN, wasFixed };
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return { value: Number.NaN, wasFixed };
  let rank = q * observations;
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i]!.count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return { value: buckets[buckets.length - 2]!.upperBound, wasFixed };
  if (b === 0 && buckets[0]!.upperBound <= 0) return { value: buckets[0]!.upperBound, wasFixed };
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return { value: bucketStart + (bucketEnd - bucketStart) * (rank / count), wasFixed };
}

/** histogram_quantile over classic histograms: series grouped by their labels without `le`. */
export function histogramQuantile(
  q: number,
  samples: readonly Sample[],
  ctx: EvalContext,
  qSpan: Span,
): Sample[] {
  if (Number.isNaN(q) || q < 0 || q > 1) {
    ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatValue(q)}`, qSpan);
  }
  const groups = new Map<string, { metric: Labels; buckets: Bucket[]; name: string }>();
  for (const s of samples) {
    const le = s.metric.le;
    const upperBound = le === undefined ? Number.NaN : parseBound(le);
    if (Number.isNaN(upperBound)) {
      ctx.annotations.warn(`bucket label "le" is missing or has a malformed value of "${le ?? ""}"`);
      continue;
    }
    const { le: _le, ...rest } = dropMetricName(s.metric);
    const key = labelsKey(rest);
    let group = groups.get(key);
    if (group === undefined) {
      group = { metric: rest, buckets: [], name: s.metric.__name__ ?? "" };
      groups.set(key, group);
    }
    group.buckets.push({ upperBound, count: s.value });
  }
  const out: Sample[] = [];
  for (const group of groups.values()) {
    const { value, wasFixed } = bucketQuantile(q, group.buckets);
    if (wasFixed) {
      ctx.annotations.info(
        `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "${group.name}"`,
      );
    }
    out.push({ metric: group.metric, value, dropName: false });
  }
  return out;
}

function parseBound(text: string): number {
  const lower = text.trim().toLowerCase();
  if (lower === "+inf" || lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  if (lower === "nan" || lower === "") return Number.NaN;
  return Number(lower);
}

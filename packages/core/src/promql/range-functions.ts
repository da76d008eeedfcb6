import { kahanSumInc, overTimeMeanOf, quantileOf, sumOf, varianceOf } from "./kahan-sum.js";
import { failExecution } from "./promql-error.js";
import type { RangeSeries } from "./values.js";

/** The (startMs, endMs] window a range vector was selected over, and the step it is evaluated at. */
export type RangeWindow = { readonly startMs: number; readonly endMs: number; readonly evalTimeMs: number };

/** Computes one output value from one series' points in the window; undefined: no output. */
export type RangeFunction = (
  series: RangeSeries,
  window: RangeWindow,
  params: readonly number[],
) => number | undefined;

function extrapolatedRate(isCounter: boolean, isRate: boolean): RangeFunction {
  return (series, window) => {
    const ts = series.timestampsMs;
    const vs = series.values;
    const n = vs.length;
    if (n < 2) return undefined;
    let result = vs[n - 1]! - vs[0]!;
    if (isCounter) {
      let last = 0;
      for (const v of vs) {
        if (v < last) result += last;
        last = v;
      }
    }
    const firstT = ts[0]!;
    const lastT = ts[n - 1]!;
    let durationToStart = (firstT - window.startMs) / 1000;
    let durationToEnd = (window.endMs - lastT) / 1000;
    const sampledInterval = (lastT - firstT) / 1000;
    const averageInterval = sampledInterval / (n - 1);
    const threshold = averageInterval * 1.1;
    if (durationToStart >= threshold) durationToStart = averageInterval / 2;
    if (isCounter && result > 0 && vs[0]! >= 0) {
      const durationToZero = sampledInterval * (vs[0]! / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
    let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) factor /= (window.endMs - window.startMs) / 1000;
    return result * factor;
  };
}

function instantValue(isRate: boolean): RangeFunction {
  return (series) => {
    const n = series.values.length;
    if (n < 2) return undefined;
    const last = series.values[n - 1]!;
    const previous = series.values[n - 2]!;
    const result = isRate && last < previous ? last : last - previous;
    if (!isRate) return result;
    const intervalMs = series.timestampsMs[n - 1]! - series.timestampsMs[n - 2]!;
    return intervalMs === 0 ? undefined : result / (intervalMs / 1000);
  };
}

/** Least squares fit of value over seconds since `interceptMs`: [slope, intercept]. */
function linearRegression(series: RangeSeries, interceptMs: number): [number, number] {
  const vs = series.values;
  const initY = vs[0]!;
  if (vs.every((v) => v === initY)) return Number.isFinite(initY) ? [0, initY] : [Number.NaN, Number.NaN];
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  for (let i = 0; i < vs.length; i++) {
    n += 1;
    const x = (series.timestampsMs[i]! - interceptMs) / 1000;
    const y = vs[i]!;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(y, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function findExtremeIndex(
  values: readonly number[],
  isBetter: (candidate: number, best: number) => boolean,
): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (isBetter(values[i]!, values[best]!) || Number.isNaN(values[best]!)) best = i;
  }
  return best;
}

function doubleExponentialSmoothing(series: RangeSeries, _w: RangeWindow, params: readonly number[]) {
  const [sf, tf] = params as [number, number];
  if (!(sf > 0 && sf < 1))
    failExecution(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
  if (!(tf > 0 && tf < 1)) failExecution(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
  const vs = series.values;
  if (vs.length < 2) return undefined;
  let s0 = 0;
  let s1 = vs[0]!;
  let b = vs[1]! - vs[0]!;
  for (let i = 1; i < vs.length; i++) {
    const trend = i === 1 ? b : tf * (s1 - s0) + (1 - tf) * b;
    b = trend;
    s0 = s1;
    s1 = sf * vs[i]! + (1 - sf) * (s0 + b);
  }
  return s1;
}

function medianAbsoluteDeviation(series: RangeSeries): number {
  if (series.values.some(Number.isNaN)) return Number.NaN;
  const median = quantileOf(0.5, series.values);
  return quantileOf(
    0.5,
    series.values.map((v) => Math.abs(v - median)),
  );
}

/** Functions taking a range vector (plus scalar params), keyed by name. */
export const RANGE_FUNCTIONS: ReadonlyMap<string, RangeFunction> = new Map<string, RangeFunction>([
  ["rate", extrapolatedRate(true, true)],
  ["increase", extrapolatedRate(true, false)],
  ["delta", extrapolatedRate(false, false)],
  ["irate", instantValue(true)],
  ["idelta", instantValue(false)],
  ["deriv", (s) => (s.values.length < 2 ? undefined : linearRegression(s, s.timestampsMs[0]!)[0])],
  [
    "predict_linear",
    (s, w, p) => {
      if (s.values.length < 2) return undefined;
      const [slope, intercept] = linearRegression(s, w.evalTimeMs);
      return slope * p[0]! + intercept;
    },
  ],
  ["resets", (s) => s.values.reduce((n, v, i) => (i > 0 && v < s.values[i - 1]! ? n + 1 : n), 0)],
  [
    "changes",
    (s) =>
      s.values.reduce((n, v, i) => {
        const prev = s.values[i - 1]!;
        return i > 0 && v !== prev && !(Number.isNaN(v) && Number.isNaN(prev)) ? n + 1 : n;
      }, 0),
  ],
  ["avg_over_time", (s) => overTimeMeanOf(s.values)],
  ["sum_over_time", (s) => sumOf(s.values)],
  ["count_over_time", (s) => s.values.length],
  ["min_over_time", (s) => s.values[findExtremeIndex(s.values, (c, b) => c < b)]],
  ["max_over_time", (s) => s.values[findExtremeIndex(s.values, (c, b) => c > b)]],
  ["stdvar_over_time", (s) => varianceOf(s.values)],
  ["stddev_over_time", (s) => Math.sqrt(varianceOf(s.values))],
  ["last_over_time", (s) => s.values[s.values.length - 1]],
  ["first_over_time", (s) => s.values[0]],
  ["present_over_time", () => 1],
  ["quantile_over_time", (s, _w, p) => quantileOf(p[0]!, s.values)],
  ["mad_over_time", (s) => medianAbsoluteDeviation(s)],
  ["ts_of_first_over_time", (s) => s.timestampsMs[0]! / 1000],
  ["ts_of_last_over_time", (s) => s.timestampsMs[s.timestampsMs.length - 1]! / 1000],
  ["ts_of_min_over_time", (s) => s.timestampsMs[findExtremeIndex(s.values, (c, b) => c <= b)]! / 1000],
  ["ts_of_max_over_time", (s) => s.timestampsMs[findExtremeIndex(s.values, (c, b) => c >= b)]! / 1000],
  ["double_exponential_smoothing", doubleExponentialSmoothing],
]);

/** Range functions whose output keeps the input's metric name. */
export const NAME_KEEPING_RANGE_FUNCTIONS: ReadonlySet<string> = new Set([
  "last_over_time",
  "first_over_time",
]);

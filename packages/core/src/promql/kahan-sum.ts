/** Neumaier-compensated summation step, as Prometheus's kahanSumInc: returns [sum, compensation]. */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  return [t, compensated(c, sum, inc, t)];
}

/** The compensation of that step, where `t` is `sum + inc`: hot loops use it to allocate no pair. */
function compensated(c: number, sum: number, inc: number, t: number): number {
  if (!Number.isFinite(t) && !Number.isNaN(t)) return 0;
  return Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum);
}

function isInfinite(v: number): boolean {
  return v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY;
}

/** avg(): compensated sum, switching to an incremental mean once the sum would overflow. */
export function aggregateMeanOf(values: ArrayLike<number>): number {
  let sum = values[0]!;
  let c = 0;
  let mean = 0;
  let isIncremental = false;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    const count = i + 1;
    if (!isIncremental) {
      const t = sum + v;
      if (!isInfinite(t)) {
        c = compensated(c, sum, v, t);
        sum = t;
        continue;
      }
      isIncremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    if (isInfinite(mean)) {
      if (isInfinite(v) && mean > 0 === v > 0) continue;
      if (!isInfinite(v) && !Number.isNaN(v)) continue;
    }
    const current = mean + c;
    [mean, c] = kahanSumInc(v / count - current / count, mean, c);
  }
  return isIncremental ? mean + c : (sum + c) / values.length;
}

/** avg_over_time(): like avg() but rescaling the running mean, as Prometheus does. */
export function overTimeMeanOf(values: ArrayLike<number>): number {
  let sum = values[0]!;
  let c = 0;
  let mean = 0;
  let isIncremental = false;
  let count = 1;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    count = i + 1;
    if (!isIncremental) {
      const [newSum, newC] = kahanSumInc(v, sum, c);
      if (!isInfinite(newSum)) {
        sum = newSum;
        c = newC;
        continue;
      }
      isIncremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanSumInc(v / count, q * mean, q * c);
  }
  return isIncremental ? mean + c : sum / count + c / count;
}

/** Population variance with compensated Welford steps (stdvar_over_time, stdvar). */
export function varianceOf(values: ArrayLike<number>): number {
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const delta = v - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / (i + 1), mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / values.length;
}

export function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const t = sum + values[i]!;
    c = compensated(c, sum, values[i]!, t);
    sum = t;
  }
  return sum + c;
}

/** Prometheus's quantile: NaN sorts first, linear interpolation between neighbours. */
export function quantileOf(q: number, values: readonly number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort(compareFloatsNaNFirst);
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

function compareFloatsNaNFirst(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

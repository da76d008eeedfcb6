const CHUNK = /(\d+|\D+)/g;

/** Natural order as Prometheus's sort_by_label uses it: digit runs compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const ca = a.match(CHUNK) ?? [];
  const cb = b.match(CHUNK) ?? [];
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const isNumX = /^\d/.test(x);
    const isNumY = /^\d/.test(y);
    if (isNumX && isNumY) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

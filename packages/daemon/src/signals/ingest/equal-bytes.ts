/**
 * Whether `length` bytes at `aStart` of `a` equal those at `bStart` of `b`, compared 4 at a time (DataView
 * reads are inlined by the JIT, unaligned ones included).
 */
export function equalBytes(
  a: DataView,
  aStart: number,
  b: DataView,
  bStart: number,
  length: number,
): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    if (a.getInt32(aStart + i) !== b.getInt32(bStart + i)) return false;
  }
  for (; i < length; i++) {
    if (a.getUint8(aStart + i) !== b.getUint8(bStart + i)) return false;
  }
  return true;
}

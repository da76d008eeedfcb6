/**
 * The buffers of the byte arrays in `value` and its plain objects (arrays are not entered: the few large
 * arrays a decode carries are typed ones) that no other view shares, to be transferred to or from a decode
 * thread instead of copied. A view into a larger buffer (Node's shared pool of small Buffers among them) is
 * left to be copied.
 */
export function ownedBuffers(value: unknown, depth = 3): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const { buffer, byteOffset, byteLength } = value;
    return buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength
      ? [buffer]
      : [];
  }
  if (depth === 0 || typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return [...new Set(Object.values(value).flatMap((field) => ownedBuffers(field, depth - 1)))];
}

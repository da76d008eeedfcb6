/**
 * The buffers of the byte arrays in `value` and its plain objects (arrays are not entered: the few large
 * arrays a decode carries are typed ones) that no other view shares, to be transferred to or from a decode
 * thread instead of copied. A view into a larger buffer (Node's shared pool of small Buffers among them) is
 * left to be copied.
 */
export function ownedBuffers(value: unknown, depth = 3): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  collectOwnedBuffers(value, depth, buffers);
  return buffers;
}

// Run twice per request (task and result): one array and no iterator, entry pair or set per call.
function collectOwnedBuffers(value: unknown, depth: number, buffers: ArrayBuffer[]): void {
  if (ArrayBuffer.isView(value)) {
    const { buffer, byteOffset, byteLength } = value;
    if (
      buffer instanceof ArrayBuffer &&
      byteOffset === 0 &&
      byteLength === buffer.byteLength &&
      !buffers.includes(buffer)
    ) {
      buffers.push(buffer);
    }
    return;
  }
  if (depth === 0 || typeof value !== "object" || value === null || Array.isArray(value)) return;
  const fields = value as Record<string, unknown>;
  for (const name in fields) {
    if (Object.hasOwn(fields, name)) collectOwnedBuffers(fields[name], depth - 1, buffers);
  }
}

const BYTE_SIZE = /^(\d+)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/;
const UNIT_BYTES: Record<string, number> = {
  B: 1,
  KB: 2 ** 10,
  KiB: 2 ** 10,
  MB: 2 ** 20,
  MiB: 2 ** 20,
  GB: 2 ** 30,
  GiB: 2 ** 30,
};

/** `10MB` → bytes. Units are powers of 1024 whether written `MB` or `MiB`, as in Prometheus's config. */
export function parseByteSize(text: string): number | undefined {
  const match = BYTE_SIZE.exec(text.trim());
  if (match === null) return undefined;
  const bytes = Number(match[1]) * UNIT_BYTES[match[2] ?? "B"]!;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

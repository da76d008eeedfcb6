const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Parses a Prometheus duration like `1h30m` into ms; undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const match of text.matchAll(PART)) ms += Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms;
}

/** A PromQL number literal (decimal, hex, octal, Inf, NaN) or a duration read as seconds. */
export function parseNumberLiteral(text: string): number | undefined {
  const durationMs = parseDurationMs(text);
  if (durationMs !== undefined) return durationMs / 1000;
  const lower = text.replace(/\s+/g, "").toLowerCase();
  const sign = lower.startsWith("-") ? -1 : 1;
  const unsigned = lower.replace(/^[+-]/, "");
  if (unsigned === "inf") return sign * Number.POSITIVE_INFINITY;
  if (unsigned === "nan") return Number.NaN;
  if (/^0x[0-9a-f]+$/.test(unsigned)) return sign * Number.parseInt(unsigned.slice(2), 16);
  if (/^0[0-7]+$/.test(unsigned)) return sign * Number.parseInt(unsigned.slice(1), 8);
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(unsigned)) return undefined;
  return sign * Number(unsigned);
}

import { parseDurationMs } from "../duration/parse-duration-ms.js";

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

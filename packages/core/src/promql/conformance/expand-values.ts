import { parseNumberLiteral } from "../parse-number-literal.js";

/** One slot of an expanded value sequence: a number, a staleness marker, or nothing. */
export type SequenceValue =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "stale" }
  | { readonly kind: "omitted" };

const REPEAT = /^(.+?)([+-])([^+\-x][^x]*)x(\d+)$/;
const PLAIN_REPEAT = /^(.+?)x(\d+)$/;

function parseValue(text: string): number | undefined {
  return parseNumberLiteral(text);
}

/** Expands `1+2x3 _ stale 5x2` notation; undefined when a token is not understood. */
export function expandValues(text: string): SequenceValue[] | undefined {
  const out: SequenceValue[] = [];
  for (const token of text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "")) {
    if (token === "_") {
      out.push({ kind: "omitted" });
      continue;
    }
    if (token === "stale") {
      out.push({ kind: "stale" });
      continue;
    }
    const omittedRun = /^_x(\d+)$/.exec(token);
    if (omittedRun !== null) {
      for (let i = 0; i < Number(omittedRun[1]); i++) out.push({ kind: "omitted" });
      continue;
    }
    const repeat = REPEAT.exec(token);
    if (repeat !== null) {
      const start = parseValue(repeat[1]!);
      const step = parseValue(repeat[3]!);
      if (start === undefined || step === undefined) return undefined;
      const increment = repeat[2] === "-" ? -step : step;
      let value = start;
      for (let i = 0; i <= Number(repeat[4]); i++) {
        out.push({ kind: "value", value });
        value += increment;
      }
      continue;
    }
    const plain = PLAIN_REPEAT.exec(token);
    if (plain !== null) {
      const value = plain[1] === "stale" ? undefined : parseValue(plain[1]!);
      for (let i = 0; i <= Number(plain[2]); i++) {
        out.push(value === undefined ? { kind: "stale" } : { kind: "value", value });
      }
      continue;
    }
    const single = parseValue(token);
    if (single === undefined) return undefined;
    out.push({ kind: "value", value: single });
  }
  return out;
}

import type { Labels } from "./labels.js";

const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK;
}

function round(acc: bigint, input: bigint): bigint {
  return (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK;
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return (((acc ^ round(0n, val)) * P1) & MASK) + P4;
}

function readLE(bytes: readonly number[], at: number, count: number): bigint {
  let v = 0n;
  for (let i = count - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]!);
  return v;
}

/** XXH64 with seed 0, the hash behind Go's xxhash.Sum64. */
export function xxhash64(bytes: readonly number[]): bigint {
  const len = bytes.length;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = -P1 & MASK;
    for (; p + 32 <= len; p += 32) {
      v1 = round(v1, readLE(bytes, p, 8));
      v2 = round(v2, readLE(bytes, p + 8, 8));
      v3 = round(v3, readLE(bytes, p + 16, 8));
      v4 = round(v4, readLE(bytes, p + 24, 8));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    for (const v of [v1, v2, v3, v4]) h = mergeRound(h, v) & MASK;
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & MASK;
  for (; p + 8 <= len; p += 8) {
    h ^= round(0n, readLE(bytes, p, 8));
    h = ((rotl(h, 27n) * P1) & MASK) + P4;
    h &= MASK;
  }
  if (p + 4 <= len) {
    h ^= (readLE(bytes, p, 4) * P1) & MASK;
    h = (((rotl(h, 23n) * P2) & MASK) + P3) & MASK;
    p += 4;
  }
  for (; p < len; p++) {
    h ^= (BigInt(bytes[p]!) * P5) & MASK;
    h = (rotl(h, 11n) * P1) & MASK;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

function pushUtf8(out: number[], text: string): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
}

/** Prometheus's labels.Hash() scaled to [0, 1], which limit_ratio compares against the ratio. */
export function hashLabelsToUnit(labels: Labels): number {
  const bytes: number[] = [];
  for (const name of Object.keys(labels).sort()) {
    pushUtf8(bytes, name);
    bytes.push(0xff);
    pushUtf8(bytes, labels[name]!);
    bytes.push(0xff);
  }
  return Number(xxhash64(bytes)) / 2 ** 64;
}

import { describe, expect, it } from "vitest";
import { SAMPLES_PER_CHUNK, XorChunk } from "./xor-chunk.js";

type Sample = { t: number; v: number; isStale: boolean };

function roundTrip(samples: readonly Sample[]): { ts: number[]; vs: number[]; stale: number[] } {
  const chunk = new XorChunk();
  for (const s of samples) chunk.append(s.t, s.v, s.isStale);
  chunk.seal();
  const n = samples.length;
  const ts = new Float64Array(n + 1);
  const vs = new Float64Array(n + 1);
  const stale = new Uint8Array(n + 1);
  chunk.decodeInto(ts, vs, stale, 1);
  return { ts: [...ts.subarray(1)], vs: [...vs.subarray(1)], stale: [...stale.subarray(1)] };
}

/** A deterministic pseudo-random sequence in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe("XorChunk", () => {
  it("round-trips regular scrapes of a counter", () => {
    const samples = Array.from({ length: SAMPLES_PER_CHUNK }, (_, i) => ({
      t: 1_700_000_000_000 + i * 15_000,
      v: i * 3,
      isStale: false,
    }));
    const decoded = roundTrip(samples);
    expect(decoded.ts).toEqual(samples.map((s) => s.t));
    expect(decoded.vs).toEqual(samples.map((s) => s.v));
  });

  it("round-trips jitter, every delta-of-delta width, odd floats and staleness markers", () => {
    const next = lcg(42);
    const gaps = [1, 15_000, 15_003, 14_990, 9_000, 80_000, 600_000, 3_600_000, 1e10, 7];
    const values = [0, -0, 1.5, -2.25, 1e300, 5e-324, Number.NaN, Infinity, -Infinity, 0.1 + 0.2];
    let t = -5_000;
    const samples: Sample[] = [];
    for (let i = 0; i < SAMPLES_PER_CHUNK; i++) {
      t += gaps[i % gaps.length]! + Math.floor(next() * 3);
      const isStale = i % 17 === 5;
      const v = i % 3 === 0 ? next() * 1e6 : values[i % values.length]!;
      samples.push({ t, v: isStale ? Number.NaN : v, isStale });
    }
    const decoded = roundTrip(samples);
    expect(decoded.ts).toEqual(samples.map((s) => s.t));
    expect(decoded.vs.map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual(
      samples.map((s) => (Object.is(s.v, -0) ? "-0" : s.v)),
    );
    expect(decoded.stale).toEqual(samples.map((s) => (s.isStale ? 1 : 0)));
  });

  it("decodes the head chunk after every append while its words grow", () => {
    const next = lcg(9);
    const chunk = new XorChunk();
    const samples: Sample[] = [];
    for (let i = 0; i < SAMPLES_PER_CHUNK; i++) {
      // Random doubles need the widest XOR windows, so the head grows many times.
      const sample = {
        t: 1_700_000_000_000 + i * 15_000 + Math.floor(next() * 5),
        v: next() * 1e9,
        isStale: false,
      };
      chunk.append(sample.t, sample.v, false);
      samples.push(sample);
      const ts = new Float64Array(i + 1);
      const vs = new Float64Array(i + 1);
      chunk.decodeInto(ts, vs, new Uint8Array(i + 1), 0);
      expect([...ts]).toEqual(samples.map((s) => s.t));
      expect([...vs]).toEqual(samples.map((s) => s.v));
    }
    expect(chunk.byteLength).toBeGreaterThan(SAMPLES_PER_CHUNK * 8);
  });

  it("compresses a steady gauge to a few bits per sample", () => {
    const chunk = new XorChunk();
    for (let i = 0; i < SAMPLES_PER_CHUNK; i++) chunk.append(i * 15_000, 42, false);
    chunk.seal();
    // 16 bytes for the first sample, 3 + 17 bits for the first delta, then one bit each for
    // timestamp and value; 5 bytes of padding for the reader.
    expect(chunk.byteLength).toBe(16 + Math.ceil((20 + 1 + 2 * (SAMPLES_PER_CHUNK - 2)) / 8) + 5);
    expect(chunk.isFull).toBe(true);
  });

  it("compares the last value by its bits", () => {
    const chunk = new XorChunk();
    chunk.append(1_000, Number.NaN, true);
    expect(chunk.isLastValue(Number.NaN, true)).toBe(true);
    expect(chunk.isLastValue(Number.NaN, false)).toBe(false);
    chunk.append(2_000, 0, false);
    expect(chunk.isLastValue(-0, false)).toBe(false);
    expect(chunk.isLastValue(0, false)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { HeadChunks } from "./head-chunks.js";
import { SAMPLES_PER_CHUNK, type XorChunk } from "./xor-chunk.js";

type Sample = { t: number; v: number; isStale: boolean };

/** Appends the samples to a head until it seals; the sealed chunk. */
function sealed(heads: HeadChunks, slot: number, samples: readonly Sample[]): XorChunk {
  let chunk: XorChunk | undefined;
  for (const [i, s] of samples.entries()) {
    chunk = heads.append(slot, s.t, s.v, s.isStale);
    expect(chunk === undefined).toBe(i < SAMPLES_PER_CHUNK - 1);
  }
  return chunk!;
}

function decoded(chunk: XorChunk): { ts: number[]; vs: number[]; stale: number[] } {
  const n = chunk.count;
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

function roundTrip(samples: readonly Sample[]): { ts: number[]; vs: number[]; stale: number[] } {
  return decoded(sealed(new HeadChunks(), 3, samples));
}

describe("HeadChunks and XorChunk", () => {
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
    const heads = new HeadChunks();
    const samples: Sample[] = [];
    for (let i = 0; i < SAMPLES_PER_CHUNK - 1; i++) {
      // Random doubles need the widest XOR windows, so the head grows many times.
      const sample = {
        t: 1_700_000_000_000 + i * 15_000 + Math.floor(next() * 5),
        v: next() * 1e9,
        isStale: false,
      };
      heads.append(0, sample.t, sample.v, false);
      samples.push(sample);
      const ts = new Float64Array(i + 1);
      const vs = new Float64Array(i + 1);
      heads.decodeInto(0, ts, vs, new Uint8Array(i + 1), 0);
      expect([...ts]).toEqual(samples.map((s) => s.t));
      expect([...vs]).toEqual(samples.map((s) => s.v));
    }
    expect(heads.byteLength(0)).toBeGreaterThan(SAMPLES_PER_CHUNK * 8);
  });

  it("compresses a steady gauge to a few bits per sample", () => {
    const samples = Array.from({ length: SAMPLES_PER_CHUNK }, (_, i) => ({
      t: i * 15_000,
      v: 42,
      isStale: false,
    }));
    const chunk = sealed(new HeadChunks(), 0, samples);
    // 16 bytes for the first sample, 3 + 17 bits for the first delta, then one bit each for
    // timestamp and value; 5 bytes of padding for the reader.
    expect(chunk.byteLength).toBe(16 + Math.ceil((20 + 1 + 2 * (SAMPLES_PER_CHUNK - 2)) / 8) + 5);
    expect(chunk.count).toBe(SAMPLES_PER_CHUNK);
    expect([chunk.minTimeMs, chunk.maxTimeMs]).toEqual([0, (SAMPLES_PER_CHUNK - 1) * 15_000]);
  });

  it("keeps heads apart while they grow in turn and the arena is compacted under them", () => {
    const next = lcg(5);
    const heads = new HeadChunks();
    // Slots past the first columns' size, written in turn: every head outgrows its words many times.
    const slots = Array.from({ length: 1500 }, (_, i) => i * 3);
    const written = new Map(slots.map((slot) => [slot, [] as Sample[]]));
    for (let i = 0; i < 60; i++) {
      for (const slot of slots) {
        const sample = { t: 1_000 * i + slot, v: next() * 1e9, isStale: false };
        heads.append(slot, sample.t, sample.v, false);
        written.get(slot)!.push(sample);
      }
      // Some series go, and their slots are cleared while the others still write.
      if (i === 30) for (const slot of slots.splice(0, 500)) heads.clear(slot);
    }
    for (const slot of slots) {
      const samples = written.get(slot)!;
      const ts = new Float64Array(samples.length);
      const vs = new Float64Array(samples.length);
      expect(heads.count(slot)).toBe(samples.length);
      heads.decodeInto(slot, ts, vs, new Uint8Array(samples.length), 0);
      expect([...ts]).toEqual(samples.map((s) => s.t));
      expect([...vs]).toEqual(samples.map((s) => s.v));
    }
    expect(heads.count(0)).toBe(0);
    expect(heads.maxTimeMs(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("starts a new head after sealing, judging the next sample by the newest one", () => {
    const heads = new HeadChunks();
    const samples = Array.from({ length: SAMPLES_PER_CHUNK }, (_, i) => ({
      t: i * 1_000,
      v: i,
      isStale: false,
    }));
    const chunk = sealed(heads, 7, samples);
    expect(chunk.count).toBe(SAMPLES_PER_CHUNK);
    expect(heads.count(7)).toBe(0);
    expect(heads.maxTimeMs(7)).toBe((SAMPLES_PER_CHUNK - 1) * 1_000);
    expect(heads.isLastValue(7, SAMPLES_PER_CHUNK - 1, false)).toBe(true);
    expect(heads.append(7, SAMPLES_PER_CHUNK * 1_000, -1, false)).toBeUndefined();
    const ts = new Float64Array(1);
    const vs = new Float64Array(1);
    heads.decodeInto(7, ts, vs, new Uint8Array(1), 0);
    expect([ts[0], vs[0]]).toEqual([SAMPLES_PER_CHUNK * 1_000, -1]);
    expect(heads.minTimeMs(7)).toBe(SAMPLES_PER_CHUNK * 1_000);
  });

  it("compares the last value by its bits", () => {
    const heads = new HeadChunks();
    heads.append(0, 1_000, Number.NaN, true);
    expect(heads.isLastValue(0, Number.NaN, true)).toBe(true);
    expect(heads.isLastValue(0, Number.NaN, false)).toBe(false);
    heads.append(0, 2_000, 0, false);
    expect(heads.isLastValue(0, -0, false)).toBe(false);
    expect(heads.isLastValue(0, 0, false)).toBe(true);
  });
});

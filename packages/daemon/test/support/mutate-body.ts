/** mulberry32: a seeded generator, so a failure replays the same bodies. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `seed` with bytes changed, cut off, inserted or repeated, or random bytes instead. */
export function mutate(seed: Uint8Array, random: () => number): Uint8Array {
  const pick = (below: number) => Math.floor(random() * below);
  const bytes = Uint8Array.from(seed);
  switch (pick(5)) {
    case 0:
      for (let flips = 1 + pick(8); flips > 0 && bytes.length > 0; flips--)
        bytes[pick(bytes.length)] = pick(256);
      return bytes;
    case 1:
      return bytes.subarray(0, pick(bytes.length + 1));
    case 2: {
      const at = pick(bytes.length + 1);
      const inserted = Uint8Array.from({ length: 1 + pick(16) }, () => pick(256));
      return Uint8Array.from([...bytes.subarray(0, at), ...inserted, ...bytes.subarray(at)]);
    }
    case 3: {
      const start = pick(bytes.length + 1);
      const slice = bytes.subarray(start, start + pick(64));
      return Uint8Array.from([...bytes, ...slice, ...slice]);
    }
    default:
      return Uint8Array.from({ length: pick(512) }, () => pick(256));
  }
}

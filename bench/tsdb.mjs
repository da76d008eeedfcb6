// `npm run bench -- tsdb [seriesCount] [samplesPerSeries]`: memory and speed of ChunkedSeriesStore
// against a plain Float64Array chunk layout and MemorySeriesStore, fed like a scraper feeds them
// (every series gets one sample per 15 s round).
import { performance } from "node:perf_hooks";
import { ChunkedSeriesStore, evaluateInstant, MemorySeriesStore } from "../packages/core/dist/index.js";

const SERIES = Number(process.argv[2] ?? 100_000);
const SAMPLES = Number(process.argv[3] ?? 120);
const STEP_MS = 15_000;
const START_MS = 1_700_000_000_000;
const METRICS = 100;

if (typeof globalThis.gc !== "function") {
  console.error("run with --expose-gc (npm run bench -- tsdb does)");
  process.exit(2);
}

function labelsOf(i) {
  return {
    __name__: `metric_${i % METRICS}`,
    instance: `10.0.${(i >> 8) & 255}.${i & 255}:9100`,
    job: `job_${i % 7}`,
    series: String(Math.floor(i / METRICS)),
  };
}

let seed = 7;
function nextRandom() {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
}

// A third counters, a third gauges with 3 decimals, a third constants; scrapes jitter by up to 5 ms.
const kinds = Array.from({ length: SERIES }, (_, i) => i % 3);
const counters = new Float64Array(SERIES);
function nextValue(i) {
  switch (kinds[i]) {
    case 0:
      counters[i] += Math.floor(nextRandom() * 20);
      return counters[i];
    case 1:
      return Math.round(nextRandom() * 100_000) / 1000;
    default:
      return 1;
  }
}
const jitter = Array.from({ length: 64 }, () => Math.floor(nextRandom() * 5));
const timeOf = (round, i) => START_MS + round * STEP_MS + jitter[(i + round) & 63];

function heapBytes() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Plain chunks of 120 timestamps and values in Float64Arrays: the uncompressed alternative. */
class PlainChunkStore {
  #series = new Map();
  #refs = [];
  getOrCreateSeriesRef(labels) {
    const key = JSON.stringify(labels);
    let ref = this.#series.get(key);
    if (ref === undefined) {
      ref = this.#refs.length;
      this.#series.set(key, ref);
      this.#refs.push({ labels, chunks: [] });
    }
    return ref;
  }
  appendRef(ref, t, v) {
    const s = this.#refs[ref];
    let head = s.chunks[s.chunks.length - 1];
    if (head === undefined || head.n === 120) {
      head = { ts: new Float64Array(120), vs: new Float64Array(120), n: 0 };
      s.chunks.push(head);
    }
    head.ts[head.n] = t;
    head.vs[head.n++] = v;
    return "ok";
  }
  selectAll() {
    let n = 0;
    for (const s of this.#refs) {
      for (const c of s.chunks) {
        const ts = c.ts.slice(0, c.n);
        n += ts.length;
      }
    }
    return n;
  }
}

function fill(store) {
  const refs = new Array(SERIES);
  const t0 = performance.now();
  for (let i = 0; i < SERIES; i++) refs[i] = store.getOrCreateSeriesRef(labelsOf(i));
  const createMs = performance.now() - t0;
  const times = new Float64Array(SERIES);
  const values = new Float64Array(SERIES);
  let appendMs = 0;
  for (let round = 0; round < SAMPLES; round++) {
    for (let i = 0; i < SERIES; i++) {
      times[i] = timeOf(round, i);
      values[i] = nextValue(i);
    }
    const t1 = performance.now();
    for (let i = 0; i < SERIES; i++) {
      if (store.appendRef(refs[i], times[i], values[i]) !== "ok") throw new Error("rejected");
    }
    appendMs += performance.now() - t1;
  }
  return { createMs, appendMs };
}

function measure(name, makeStore) {
  counters.fill(0);
  seed = 7;
  const before = heapBytes();
  const store = makeStore();
  const { createMs, appendMs } = fill(store);
  const bytes = heapBytes() - before;
  const samples = SERIES * SAMPLES;
  console.log(
    `${name}: ${(bytes / 1e6).toFixed(1)} MB, ${(bytes / SERIES).toFixed(0)} B/series, ` +
      `${(bytes / samples).toFixed(2)} B/sample; create ${(SERIES / createMs / 1000).toFixed(2)} M series/s, ` +
      `append ${(samples / appendMs / 1000).toFixed(2)} M samples/s`,
  );
  return store;
}

console.log(`${SERIES} series x ${SAMPLES} samples, node ${process.version}`);

const chunked = measure("ChunkedSeriesStore (Gorilla XOR)", () => new ChunkedSeriesStore());
const stats = chunked.stats();
console.log(
  `  chunk buffers: ${(stats.chunkBytes / 1e6).toFixed(1)} MB, ${(stats.chunkBytes / stats.sampleCount).toFixed(2)} B/sample in ${stats.chunkCount} chunks`,
);

function time(label, runs, fn) {
  fn();
  const t0 = performance.now();
  let n = 0;
  for (let r = 0; r < runs; r++) n += fn();
  const ms = (performance.now() - t0) / runs;
  console.log(`  ${label}: ${ms.toFixed(2)} ms, ${(n / runs / ms / 1000).toFixed(2)} M samples/s`);
}

const endMs = START_MS + SAMPLES * STEP_MS;
const countSamples = (iterable) => {
  let n = 0;
  for (const s of iterable) n += s.values.length;
  return n;
};
time("select all series, whole window", 3, () => countSamples(chunked.select([], 0, endMs)));
time(`select one metric (${SERIES / METRICS} series), last 5m`, 20, () =>
  countSamples(chunked.select([{ name: "__name__", type: "=", value: "metric_3" }], endMs - 300_000, endMs)),
);
time("select by regex on job, whole window", 5, () =>
  countSamples(chunked.select([{ name: "job", type: "=~", value: "job_[12]" }], 0, endMs)),
);
{
  const t0 = performance.now();
  const result = evaluateInstant("sum by (job) (rate(metric_3[5m]))", endMs, chunked);
  const ms = performance.now() - t0;
  console.log(`  PromQL sum by (job) (rate(metric_3[5m])): ${ms.toFixed(1)} ms, ok=${result.ok}`);
}

const plain = measure("plain Float64Array chunks", () => new PlainChunkStore());
time("decode-equivalent copy of all samples", 3, () => plain.selectAll());

if (SERIES * SAMPLES <= 2_000_000) {
  measure("MemorySeriesStore (number arrays)", () => {
    const store = new MemorySeriesStore();
    const byRef = [];
    return {
      getOrCreateSeriesRef(labels) {
        byRef.push(labels);
        return byRef.length - 1;
      },
      appendRef(ref, timestampMs, value) {
        store.append(byRef[ref], [{ timestampMs, value }]);
        return "ok";
      },
    };
  });
}

// Compression depends on the data: each value kind alone, 1000 series each.
for (const [kind, name] of [
  "counters (+0..19 per scrape)",
  "gauges (random, 3 decimals)",
  "constants",
].entries()) {
  const store = new ChunkedSeriesStore();
  for (let i = 0; i < 1000; i++) {
    const ref = store.getOrCreateSeriesRef({ __name__: "kind", i: String(i) });
    let counter = 0;
    for (let round = 0; round < SAMPLES; round++) {
      counter += Math.floor(nextRandom() * 20);
      const value = kind === 0 ? counter : kind === 1 ? Math.round(nextRandom() * 100_000) / 1000 : 1;
      store.appendRef(ref, timeOf(round, i), value);
    }
  }
  const s = store.stats();
  console.log(`  ${name}: ${(s.chunkBytes / s.sampleCount).toFixed(2)} B/sample of chunk data`);
}

// Ingest under concurrency: remote_write and OTLP/HTTP metrics (protobuf) into the real daemon, 100 concurrent
// senders in closed loop, samples/s, p50/p99 request latency, the daemon's event-loop lag p99 meanwhile (its
// own nodejs_eventloop_lag_p99_seconds over the phase: how long a check or an action waits behind ingest),
// and daemon RSS per phase.
// Baseline measured in the same run: the same bodies, senders and concurrency against a trivial node:http
// server in this process that reads the body and answers 204.
// The load is Prometheus's: each sender (a remote_write shard) owns a fixed set of 500 series (50,000 in all)
// and sends every one of them in each request, one sample each with the next timestamp; no series is ever
// new after a sender's first request, as with Prometheus resending the series it scrapes. That first request
// (which creates the sender's 500 series) is sent before the phase's clock starts, all senders at once, and
// its latency is printed apart: the phase measures the steady state.
// Samples per daemon CPU-second (process_cpu_seconds_total over the phase) is the daemon's own throughput on
// one core; the wall-time rate also depends on what else the machine runs.
// `npm run bench -- ingest-concurrency [remote_write|otlp]` runs the baseline and that receiver's phases only.
import { Agent, createServer, request } from "node:http";
import protobuf from "protobufjs";
import SnappyJS from "snappyjs";
import { freePort, listen, quantile, sleep, startOrbtd } from "./lib/kit.mjs";

const SENDERS = 100;
const SERIES_PER_REQUEST = 500;
const ROUNDS = 40; // requests per sender: the first, then 39 timed (3,900 per phase at most)
const PHASE_LIMIT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 60_000;
const JOBS = 10;
const GOAL_SAMPLES_PER_SECOND = 500_000;
const GOAL_P99_MS = 100;
const GOAL_LAG_P99_MS = 20;
const DECODE_THREADS = 2;
const RECEIVERS = ["remote_write", "otlp"];
const only = process.argv[2];
if (only !== undefined && !RECEIVERS.includes(only)) {
  console.error(`usage: npm run bench -- ingest-concurrency [${RECEIVERS.join("|")}]`);
  process.exit(2);
}
// prom-client's event-loop histogram (perf_hooks monitorEventLoopDelay) records the time between its timer's
// runs, every 10 ms: an idle loop reads 10 ms. What a timer waits behind other work is the rest.
const LAG_SAMPLING_MS = 10;

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const rate = (value) => `${Math.round(value).toLocaleString("en-US")}`;

// --- encoding (prompb and a minimal opentelemetry-proto, defined here; nothing from the TS sources) ---

const root = protobuf.parse(`
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
`).root;
protobuf.parse(
  `
syntax = "proto3";
package opentelemetry.proto.collector.metrics.v1;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
message Resource { repeated KeyValue attributes = 1; }
message NumberDataPoint {
  repeated KeyValue attributes = 7;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  oneof value { double as_double = 4; sfixed64 as_int = 6; }
}
message Gauge { repeated NumberDataPoint data_points = 1; }
message Metric { string name = 1; string description = 2; string unit = 3; oneof data { Gauge gauge = 5; } }
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
`,
  root,
);
const WriteRequest = root.lookupType("prometheus.WriteRequest");
const ExportMetricsServiceRequest = root.lookupType(
  "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest",
);

/** bodies[sender][round]: each sender owns its series and sends them once per round, timestamps rising. */
function remoteWriteBodies(baseMs) {
  const bodies = [];
  for (let sender = 0; sender < SENDERS; sender += 1) {
    const series = [];
    for (let i = 0; i < SERIES_PER_REQUEST; i += 1) {
      series.push([
        { name: "__name__", value: `bench_metric_${i % 50}` },
        { name: "instance", value: `host-${sender}:9100` },
        { name: "job", value: `job-${sender % JOBS}` },
        { name: "mode", value: `m${Math.floor(i / 50)}` },
        { name: "region", value: `region-${sender % 4}` },
        { name: "sender", value: String(sender) },
      ]);
    }
    const perRound = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const timestamp = baseMs + round * 1000;
      const message = {
        timeseries: series.map((labels, i) => ({
          labels,
          samples: [{ value: round * 1000 + i, timestamp }],
        })),
      };
      perRound.push(Buffer.from(SnappyJS.compress(WriteRequest.encode(message).finish())));
    }
    bodies.push(perRound);
  }
  return bodies;
}

const str = (key, value) => ({ key, value: { stringValue: value } });

function otlpBodies(baseMs) {
  const bodies = [];
  const POINTS_PER_METRIC = 100;
  const METRICS = SERIES_PER_REQUEST / POINTS_PER_METRIC;
  for (let sender = 0; sender < SENDERS; sender += 1) {
    const perRound = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const timeUnixNano = BigInt(baseMs + round * 1000) * 1_000_000n;
      const metrics = [];
      for (let m = 0; m < METRICS; m += 1) {
        const dataPoints = [];
        for (let p = 0; p < POINTS_PER_METRIC; p += 1) {
          dataPoints.push({
            attributes: [str("host", `host-${sender}`), str("cpu", String(p)), str("sender", String(sender))],
            timeUnixNano: protobuf.util.Long.fromString(timeUnixNano.toString(), true),
            asDouble: round * 1000 + p,
          });
        }
        metrics.push({ name: `bench.gauge_${m}`, unit: "1", gauge: { dataPoints } });
      }
      const message = {
        resourceMetrics: [
          {
            resource: {
              attributes: [
                str("service.name", `svc-${sender % JOBS}`),
                str("service.instance.id", `i-${sender}`),
              ],
            },
            scopeMetrics: [{ scope: { name: "orbt-bench", version: "1" }, metrics }],
          },
        ],
      };
      perRound.push(Buffer.from(ExportMetricsServiceRequest.encode(message).finish()));
    }
    bodies.push(perRound);
  }
  return bodies;
}

// --- load ---

/**
 * 100 senders on keep-alive connections: `warmUp` opens them and posts each sender's first body, all at
 * once; `run` then posts the rest of each sender's bodies in order, and stops after ROUNDS each or
 * PHASE_LIMIT_MS.
 */
function senders(port, path, headers, bodies) {
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const post = (body) =>
    new Promise((resolve) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          agent,
          headers: { ...headers, "Content-Length": body.length },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode));
          res.on("error", (error) => resolve(error.code ?? error.message));
        },
      );
      // A reset connection (an overloaded server closing a keep-alive socket) is a failed request, not a
      // failed run: it lands in the non-2xx column by its error code.
      req.on("error", (error) => resolve(error.code ?? error.message));
      // Bounded even if the daemon stalls: a request still unanswered after a minute fails the run.
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
      );
      req.end(body);
    });
  /** Posts each sender's bodies from `first` on; latencies and statuses of all, and the wall time. */
  const postAll = async (rounds) => {
    const latencies = [];
    const statuses = new Map();
    let requests = 0;
    let okRequests = 0;
    const start = performance.now();
    const deadline = start + PHASE_LIMIT_MS;
    await Promise.all(
      bodies.map(async (perRound) => {
        for (const body of perRound.slice(rounds.from, rounds.to)) {
          if (performance.now() >= deadline) return;
          const sent = performance.now();
          const status = await post(body);
          latencies.push(performance.now() - sent);
          requests += 1;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 204 || status === 200) okRequests += 1;
        }
      }),
    );
    return { elapsedMs: performance.now() - start, latencies, requests, okRequests, statuses };
  };
  return {
    warmUp: async () => {
      // A GET each first, whatever its answer, so that connection set-up lands in no figure.
      await Promise.all(
        bodies.map(
          () =>
            new Promise((resolve, reject) => {
              const req = request({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
                res.resume();
                res.on("end", resolve);
              });
              req.on("error", reject);
              req.end();
            }),
        ),
      );
      return postAll({ from: 0, to: 1 });
    },
    run: async () => {
      const result = await postAll({ from: 1, to: ROUNDS });
      agent.destroy();
      return result;
    },
  };
}

// --- daemon ---

async function startDaemon(decodeThreads) {
  const port = await freePort();
  const otlpPort = await freePort();
  const { stop } = await startOrbtd(
    (dataDir) => `project: bench
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
otlp:
  listen: 127.0.0.1:${otlpPort}
ingest:
  max_series_per_service: 1000000
  decode_threads: ${decodeThreads}
`,
  );
  return { port, otlpPort, stop };
}

/**
 * RSS, CPU time, the event loop's lag p99 and max since the previous read (prom-client resets its
 * histogram on each collection) and the orbt_ingest_samples_total counters, from the daemon's /metrics.
 */
async function readDaemonMetrics(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const samples = {};
  for (const match of text.matchAll(/^orbt_ingest_samples_total\{([^}]*)\} (\S+)/gm)) {
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const key = `${labels.receiver}/${labels.outcome}${labels.reason ? `/${labels.reason}` : ""}`;
    samples[key] = Number(match[2]);
  }
  return {
    rssBytes: Number(/^process_resident_memory_bytes (\S+)/m.exec(text)[1]),
    cpuSeconds: Number(/^process_cpu_seconds_total (\S+)/m.exec(text)[1]),
    lagP99Ms: Number(/^nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(text)[1]) * 1000 - LAG_SAMPLING_MS,
    lagMaxMs: Number(/^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(text)[1]) * 1000 - LAG_SAMPLING_MS,
    samples,
  };
}

function diffCounters(before, after, receiver) {
  const result = { accepted: 0, rejected: {} };
  for (const [key, value] of Object.entries(after)) {
    const [rec, outcome, reason] = key.split("/");
    if (rec !== receiver) continue;
    const delta = value - (before[key] ?? 0);
    if (delta === 0) continue;
    if (outcome === "accepted") result.accepted += delta;
    else result.rejected[reason ?? outcome] = (result.rejected[reason ?? outcome] ?? 0) + delta;
  }
  return result;
}

async function measureBaseline(bodies) {
  const server = createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      res.statusCode = 204;
      res.end();
    });
  });
  const port = await listen(server);
  try {
    const load = senders(port, "/write", { "Content-Type": "application/x-protobuf" }, bodies);
    const first = await load.warmUp();
    return { ...(await load.run()), first };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// --- run ---

const encodeStart = performance.now();
const baseMs = Date.now() - ROUNDS * 1000;
const rwBodies = remoteWriteBodies(baseMs);
const otlpBodySet = otlpBodies(baseMs);
const encodeMs = performance.now() - encodeStart;
const avg = (set) => set.flat().reduce((sum, body) => sum + body.length, 0) / (SENDERS * ROUNDS);
console.log(
  `ingest: ${SENDERS} concurrent senders, ${SERIES_PER_REQUEST} samples/request, up to ${SENDERS * (ROUNDS - 1)} timed requests or ${PHASE_LIMIT_MS / 1000} s per phase`,
);
console.log(
  `bodies pre-encoded in ${(encodeMs / 1000).toFixed(1)} s: remote_write ${(avg(rwBodies) / 1024).toFixed(1)} KiB (snappy), OTLP ${(avg(otlpBodySet) / 1024).toFixed(1)} KiB\n`,
);

const rows = [];
const row = (name, result, accepted, rssBytes, rejected, cpuSeconds, lag) => {
  const samplesPerSecond = accepted / (result.elapsedMs / 1000);
  const samplesPerCpuSecond = cpuSeconds === undefined ? undefined : accepted / cpuSeconds;
  rows.push({ name, result, accepted, samplesPerSecond, samplesPerCpuSecond, rssBytes, rejected, lag });
  return samplesPerSecond;
};

const baseline = await measureBaseline(rwBodies);
const baselineRate = row("baseline: node:http 204", baseline, baseline.okRequests * SERIES_PER_REQUEST);

const rwHeaders = {
  "Content-Type": "application/x-protobuf",
  "Content-Encoding": "snappy",
  "X-Prometheus-Remote-Write-Version": "0.1.0",
};
const idles = [];
// Every body decoded on the event loop (decode_threads: 0), then with the default of two decode threads.
for (const decodeThreads of [0, DECODE_THREADS]) {
  const where = `decode_threads: ${decodeThreads}`;
  const daemon = await startDaemon(decodeThreads);
  try {
    await readDaemonMetrics(daemon.port);
    await sleep(2000);
    const idle = await readDaemonMetrics(daemon.port);
    idles.push({ where, idle });
    const phases = [
      { receiver: "remote_write", name: "remote_write", port: daemon.port, path: "/prometheus/api/v1/write" },
      { receiver: "otlp", name: "OTLP metrics", port: daemon.otlpPort, path: "/v1/metrics" },
    ];
    for (const { receiver, name, port, path } of phases.filter(
      (phase) => (only ?? phase.receiver) === phase.receiver,
    )) {
      const isOtlp = receiver === "otlp";
      const load = isOtlp
        ? senders(port, path, { "Content-Type": "application/x-protobuf" }, otlpBodySet)
        : senders(port, path, rwHeaders, rwBodies);
      const first = await load.warmUp();
      // Also resets the daemon's lag histogram: the phase's lag is the timed rounds' alone.
      const before = await readDaemonMetrics(daemon.port);
      const result = await load.run();
      const after = await readDaemonMetrics(daemon.port);
      const counts = diffCounters(before.samples, after.samples, receiver);
      row(
        `${name}, ${where}`,
        { ...result, first },
        counts.accepted,
        after.rssBytes,
        counts.rejected,
        after.cpuSeconds - before.cpuSeconds,
        after,
      );
    }
  } finally {
    await daemon.stop();
  }
}

const baselineP99 = quantile(baseline.latencies, 0.99);
console.log(
  `${"phase".padEnd(32)} ${"wall".padStart(6)} ${"requests".padStart(8)} ${"non-2xx".padStart(7)} ${"samples/s".padStart(11)} ${"vs base".padStart(7)} ${"p50".padStart(9)} ${"p99".padStart(9)} ${"p99 vs base".padStart(11)} ${"RSS".padStart(9)} ${"per CPU-s".padStart(11)} ${"lag p99".padStart(9)} ${"lag max".padStart(9)}`,
);
const ms = (value) => (value === undefined ? "-" : `${value.toFixed(1)} ms`);
for (const { name, result, samplesPerSecond, samplesPerCpuSecond, rssBytes, rejected, lag } of rows) {
  const p99 = quantile(result.latencies, 0.99);
  console.log(
    `${name.padEnd(32)} ${`${(result.elapsedMs / 1000).toFixed(1)} s`.padStart(6)} ${String(result.requests).padStart(8)} ${String(result.requests - result.okRequests).padStart(7)} ${rate(samplesPerSecond).padStart(11)} ${`${(samplesPerSecond / baselineRate).toFixed(2)}x`.padStart(7)} ${`${quantile(result.latencies, 0.5).toFixed(1)} ms`.padStart(9)} ${`${p99.toFixed(1)} ms`.padStart(9)} ${`${(p99 / baselineP99).toFixed(1)}x`.padStart(11)} ${(rssBytes === undefined ? "-" : mb(rssBytes)).padStart(9)} ${(samplesPerCpuSecond === undefined ? "-" : rate(samplesPerCpuSecond)).padStart(11)} ${ms(lag?.lagP99Ms).padStart(9)} ${ms(lag?.lagMaxMs).padStart(9)}`,
  );
  if (rejected && Object.keys(rejected).length > 0)
    console.log(`  rejected samples: ${JSON.stringify(rejected)}`);
  const other = [...result.statuses].filter(([status]) => status !== 204 && status !== 200);
  if (other.length > 0) console.log(`  non-2xx statuses: ${JSON.stringify(Object.fromEntries(other))}`);
}
for (const { where, idle } of idles) {
  console.log(
    `idle daemon (${where}) before load: RSS ${mb(idle.rssBytes)}, lag p99 ${ms(idle.lagP99Ms)} over 2 s: what the machine's other load alone costs the loop`,
  );
}
console.log(
  "samples/s: samples the daemon counted accepted (orbt_ingest_samples_total) over the phase's wall time, which includes requests in flight at the time limit; RSS: process_resident_memory_bytes after the phase",
);
console.log(
  "per CPU-s: the same samples over the daemon's CPU time in the phase (process_cpu_seconds_total, GC threads included): what one core does, whatever else the machine runs",
);
console.log(
  `lag: the daemon's nodejs_eventloop_lag_p99_seconds and _max_seconds over the phase, less the ${LAG_SAMPLING_MS} ms between the runs of the timer that samples them (perf_hooks monitorEventLoopDelay): how late a timer runs`,
);
console.log(
  "decode_threads: 0 decodes every body on the event loop; with threads, OTLP bodies and remote_write bodies of 64 KiB or more (these are 6 KiB) decode on them",
);
console.log(
  "p50/p99: each sender's requests after its first, which created its series and was sent before the clock started, all senders at once:",
);
for (const { name, result } of rows) {
  console.log(
    `  first requests, ${name}: p50 ${quantile(result.first.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(result.first.latencies, 0.99).toFixed(1)} ms`,
  );
}
const verdict = (isMet) => (isMet ? "met" : "NOT met");
for (const { name, result, samplesPerSecond, samplesPerCpuSecond, lag } of rows.slice(1)) {
  const p99 = quantile(result.latencies, 0.99);
  console.log(
    `goals, ${name}: >= ${rate(GOAL_SAMPLES_PER_SECOND)} samples/s ${verdict(samplesPerSecond >= GOAL_SAMPLES_PER_SECOND)} by wall time (${rate(samplesPerSecond)}), ` +
      `${verdict(samplesPerCpuSecond >= GOAL_SAMPLES_PER_SECOND)} per daemon CPU-second (${rate(samplesPerCpuSecond)}); ` +
      `p99 <= ${GOAL_P99_MS} ms ${verdict(p99 <= GOAL_P99_MS)} (${p99.toFixed(1)} ms); ` +
      `lag p99 <= ${GOAL_LAG_P99_MS} ms ${verdict(lag.lagP99Ms <= GOAL_LAG_P99_MS)} (${lag.lagP99Ms.toFixed(1)} ms)`,
  );
}

// Memory and throughput at 100k scraped series: a ~100k-series (~10 MB) exposition served on 127.0.0.1 by a
// child process, scraped every 5 s by a child process running what the daemon runs, with its Node.js flags
// (ScrapeRunner and TargetScraper into a ChunkedSeriesStore through toSeriesAppender), then from the same
// server by VictoriaMetrics single-node (where `victoria-metrics` is installed: apt-get install
// victoria-metrics) and by Prometheus (/usr/bin/prometheus), every 5 s each. Prints medians, samples/s, each
// scraper's RSS after its last round, and the ratios ours / theirs.
// Usage: npm run bench -- scrape-memory [--series 100000] [--rounds 8] [--interval 5] [--peer-rounds 6]
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ChunkedSeriesStore } from "../packages/core/dist/index.js";
import { createLogger } from "../packages/daemon/dist/create-logger.js";
import { ScrapeRunner, toSeriesAppender } from "../packages/daemon/dist/index.js";
import { daemonEnv, daemonNodeFlags } from "../scripts/daemon-node-flags.js";
import { freePort } from "./lib/kit.mjs";

const PEERS = [
  {
    name: "victoria-metrics",
    binary: "/usr/bin/victoria-metrics",
    install: "apt-get install victoria-metrics",
    args: (dir, port) => [
      `-promscrape.config=${join(dir, "scrape.yml")}`,
      `-storageDataPath=${join(dir, "data")}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      // Queries see samples as soon as they are stored, not 30 s later.
      "-search.latencyOffset=0s",
    ],
    isReady: (output) => output.includes("starting http server at"),
  },
  {
    name: "prometheus",
    binary: "/usr/bin/prometheus",
    install: "apt-get install prometheus",
    args: (dir, port) => [
      `--config.file=${join(dir, "scrape.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    isReady: (output) => output.includes("Server is ready to receive web requests"),
  },
];
const GOAL_RATE_VS_PROMETHEUS = 1.5;
const { values: args } = parseArgs({
  options: {
    series: { type: "string", default: "100000" },
    rounds: { type: "string", default: "8" },
    // Seconds between Orbt's scrapes; Prometheus scrapes every 5 s.
    interval: { type: "string", default: "5" },
    "peer-rounds": { type: "string", default: "6" },
    // Internal: run as the scraping child process against this URL.
    worker: { type: "string" },
    samples: { type: "string" },
  },
});
const seriesCount = Number(args.series);
const rounds = Number(args.rounds);
const intervalMs = Number(args.interval) * 1000;
const peerRounds = Number(args["peer-rounds"]);

function generateExposition(count) {
  const metrics = 100;
  const perMetric = Math.ceil(count / metrics);
  const parts = [];
  for (let m = 0; m < metrics; m++) {
    const name = `bench_requests_${m}_total`;
    parts.push(`# HELP ${name} Requests served, family ${m}.\n# TYPE ${name} counter\n`);
    for (let s = 0; s < perMetric; s++) {
      parts.push(
        `${name}{pod="api-${s % 50}",path="/api/v1/resource/${s}",method="GET",code="200"} ${(s * 1234.5678 + m).toFixed(3)}\n`,
      );
    }
  }
  return parts.join("");
}

const SERVER = `
const { createServer } = require("node:http");
const body = require("node:fs").readFileSync(process.argv[1]);
const server = createServer((req, res) => {
  res.setHeader("content-type", "text/plain; version=0.0.4; charset=utf-8");
  res.end(body);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;

async function startChild(command, argv, readyLine) {
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = readyLine(output);
      if (match !== undefined) resolve(match);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${command} exited with ${code}: ${output.slice(-2000)}`)));
  });
  return { child, ready };
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on("exit", resolve);
    child.kill("SIGTERM");
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const fmt = (n) => Math.round(n).toLocaleString("en-US");

/** The scraping process: the daemon's wiring, one JSON line per round, then its memory. */
async function runWorker(url, samplesPerScrape) {
  const store = new ChunkedSeriesStore();
  const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
  let round = 0;
  const runner = await new Promise((resolve, reject) => {
    const scrapes = new ScrapeRunner({
      services: [{ name: "bench", scrape: [benchTarget(url)] }],
      appender: toSeriesAppender(store),
      log: createLogger({ level: "warn", destination: process.stderr }),
      onScrape: (_job, _target, report) => {
        if (!report.isUp) return reject(new Error(`scrape failed: ${report.error?.message}`));
        if (report.samplesScraped !== samplesPerScrape)
          return reject(new Error(`scraped ${report.samplesScraped}`));
        send({ round: ++round, durationSeconds: report.durationSeconds, seriesAdded: report.seriesAdded });
        if (round === rounds) resolve(scrapes);
      },
    });
    scrapes.start();
  });
  // Right after the last scrape, with its garbage, as the daemon runs: no forced collection.
  const { rss: rssBytes, heapUsed: heapUsedBytes } = process.memoryUsage();
  await runner.stop();
  globalThis.gc?.();
  const { rss: rssAfterGcBytes } = process.memoryUsage();
  send({ rssBytes, heapUsedBytes, rssAfterGcBytes, seriesCount: store.stats().seriesCount });
}

async function benchOrbt(url, samplesPerScrape) {
  const worker = spawn(
    process.execPath,
    [
      ...daemonNodeFlags,
      "--expose-gc",
      fileURLToPath(import.meta.url),
      `--worker=${url}`,
      `--samples=${samplesPerScrape}`,
      `--rounds=${rounds}`,
      `--interval=${intervalMs / 1000}`,
    ],
    { stdio: ["ignore", "pipe", "inherit"], env: daemonEnv },
  );
  const durations = [];
  let memory;
  let buffered = "";
  worker.stdout.setEncoding("utf8");
  worker.stdout.on("data", (chunk) => {
    buffered += chunk;
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      const message = JSON.parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
      if (message.round === undefined) {
        memory = message;
        continue;
      }
      durations.push(message.durationSeconds);
      console.log(
        `  orbt round ${message.round}: ${(message.durationSeconds * 1000).toFixed(0)} ms, series added ${message.seriesAdded}`,
      );
    }
  });
  const code = await new Promise((resolve) => worker.on("exit", resolve));
  if (code !== 0 || memory === undefined) throw new Error(`the scraping process exited with ${code}`);
  return { medianSeconds: median(durations), ...memory };
}

function benchTarget(url) {
  return {
    url,
    intervalMs,
    timeoutMs: 5_000,
    labels: {},
    honorLabels: false,
    sampleLimit: 0,
    bodySizeLimitBytes: 0,
  };
}

/** A peer scraping the same target every 5 s: its median scrape_duration_seconds, samples scraped, RSS. */
async function benchPeer(peer, targetHostPort) {
  const dir = mkdtempSync(join(tmpdir(), `orbt-bench-${peer.name}-`));
  const port = await freePort();
  writeFileSync(
    join(dir, "scrape.yml"),
    [
      "global: { scrape_interval: 5s, scrape_timeout: 5s }",
      "scrape_configs:",
      "  - job_name: bench",
      `    static_configs: [{ targets: ["${targetHostPort}"] }]`,
      "",
    ].join("\n"),
  );
  const { child } = await startChild(peer.binary, peer.args(dir, port), (output) =>
    peer.isReady(output) ? true : undefined,
  );
  try {
    const api = `http://127.0.0.1:${port}/api/v1/query?query=`;
    const deadlineMs = Date.now() + (peerRounds * 5 + 60) * 1000;
    let durations = [];
    while (Date.now() < deadlineMs) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const response = await fetch(
        `${api}${encodeURIComponent('scrape_duration_seconds{job="bench"}[10m]')}`,
      );
      const result = (await response.json()).data.result[0];
      durations = result === undefined ? [] : result.values.map(([, value]) => Number(value));
      if (durations.length >= peerRounds) break;
    }
    const samples = await fetch(`${api}${encodeURIComponent('scrape_samples_scraped{job="bench"}')}`);
    const scraped = Number((await samples.json()).data.result[0]?.value[1]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const rssBytes = Number(/^process_resident_memory_bytes (\S+)$/m.exec(metrics)?.[1]);
    for (const [index, seconds] of durations.entries()) {
      console.log(`  ${peer.name} scrape ${index + 1}: ${(seconds * 1000).toFixed(0)} ms`);
    }
    return { medianSeconds: median(durations), rssBytes, scraped, rounds: durations.length };
  } finally {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runBench() {
  const dir = mkdtempSync(join(tmpdir(), "orbt-bench-scrape-"));
  const file = join(dir, "exposition.txt");
  const text = generateExposition(seriesCount);
  const samplesPerScrape = Math.ceil(seriesCount / 100) * 100;
  writeFileSync(file, text);
  console.log(
    `exposition: ${fmt(samplesPerScrape)} series, ${mib(Buffer.byteLength(text))}, ${rounds} rounds`,
  );
  const server = await startChild(process.execPath, ["-e", SERVER, file], (output) =>
    /^(\d+)\n/.test(output) ? Number(/^(\d+)\n/.exec(output)[1]) : undefined,
  );
  try {
    const hostPort = `127.0.0.1:${server.ready}`;
    const orbt = await benchOrbt(`http://${hostPort}/metrics`, samplesPerScrape);
    const orbtRate = samplesPerScrape / orbt.medianSeconds;
    console.log(
      `orbt: median scrape ${(orbt.medianSeconds * 1000).toFixed(0)} ms (fetch+parse+append into ChunkedSeriesStore), ` +
        `${fmt(orbtRate)} samples/s, ${fmt(orbt.seriesCount)} series stored; scraping process RSS ${mib(orbt.rssBytes)} ` +
        `(heap used ${mib(orbt.heapUsedBytes)}; RSS after a forced GC ${mib(orbt.rssAfterGcBytes)})`,
    );
    const peers = new Map();
    for (const peer of PEERS) {
      if (!existsSync(peer.binary)) {
        console.warn(`${peer.name} comparison SKIPPED: ${peer.binary} is not installed (${peer.install})`);
        continue;
      }
      const result = await benchPeer(peer, hostPort);
      const peerRate = result.scraped / result.medianSeconds;
      peers.set(peer.name, { ...result, rate: peerRate });
      console.log(
        `${peer.name}: median scrape_duration_seconds ${(result.medianSeconds * 1000).toFixed(0)} ms over ` +
          `${result.rounds} scrapes, ${fmt(peerRate)} samples/s, RSS ${mib(result.rssBytes)}`,
      );
    }
    for (const [name, peer] of peers) {
      console.log(
        `ratio ours/${name}: samples/s ${(orbtRate / peer.rate).toFixed(2)}x, RSS ${(orbt.rssBytes / peer.rssBytes).toFixed(2)}x`,
      );
    }
    const verdict = (isMet) => (isMet ? "met" : "NOT met");
    const vm = peers.get("victoria-metrics");
    const prometheus = peers.get("prometheus");
    console.log(
      vm === undefined
        ? "goal RSS <= VictoriaMetrics's: not judged, VictoriaMetrics is absent"
        : `goal RSS <= VictoriaMetrics's: ${verdict(orbt.rssBytes <= vm.rssBytes)} (${mib(orbt.rssBytes)} vs ${mib(vm.rssBytes)})`,
    );
    console.log(
      prometheus === undefined
        ? "goal samples/s >= 1.5x Prometheus's: not judged, Prometheus is absent"
        : `goal samples/s >= ${GOAL_RATE_VS_PROMETHEUS}x Prometheus's: ${verdict(orbtRate >= GOAL_RATE_VS_PROMETHEUS * prometheus.rate)} (${(orbtRate / prometheus.rate).toFixed(2)}x)`,
    );
  } finally {
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args.worker === undefined) await runBench();
else await runWorker(args.worker, Number(args.samples));

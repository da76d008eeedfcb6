// Fault-to-fix latency: from a fault (health check starts failing / a failing health report is pushed)
// to the remedy's first effect on the service. Also the idle daemon's RSS.
// Baseline measured in the same run: spawning the same remedy directly, with no daemon in between.
// Probe path: the faults land at phases spread evenly over the 1 s probe interval (in shuffled order), so
// ten faults sample the interval the way many random ones would. Push path: 200 reports, so that p99 is
// not simply the slowest one; the first report after start-up (one-time lazy compilation) is printed
// on its own line and not counted.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { freePort, listen, quantile, sleep, startOrbtd } from "./lib/kit.mjs";

const PROBE_FAULTS = 10;
const PUSH_FAULTS = 200;
const PROBE_INTERVAL_MS = 1000;
const IDLE_MS = 30_000;

const ms = (value) => `${value.toFixed(1)} ms`;

/** The service: /healthz fails while `isFailing`; a remedy's first request (`/started`) is its first effect. */
async function startService() {
  const service = { isFailing: false, onEffect: undefined, lastProbeAt: 0 };
  const server = createServer((req, res) => {
    if (req.url === "/healthz") {
      service.lastProbeAt = performance.now();
      res.statusCode = service.isFailing ? 503 : 200;
    } else {
      const now = performance.now();
      service.isFailing = false;
      service.onEffect?.(now);
    }
    res.end();
  });
  service.port = await listen(server);
  service.close = () => new Promise((resolve) => server.close(resolve));
  service.nextEffect = () => new Promise((resolve) => (service.onEffect = resolve));
  return service;
}

// bash's /dev/tcp keeps the remedy itself cheap, so the figures measure the daemon, not a runtime's start-up.
const remedyArgv = (port) => [
  "bash",
  "-c",
  `exec 3<>/dev/tcp/127.0.0.1/${port}; printf 'POST /fixed HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3 >/dev/null`,
];

/**
 * One service_restart remedy that reaches the service; the probe path adds a check of it. The rails are
 * opened wide: the bench restarts the same service every few seconds and 200 services in a row, which
 * the default cooldown, max runs and budget are there to stop.
 */
function daemonConfig(port, dataDir, service) {
  return `project: bench
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
otlp: false
automation:
  cooldown: 0s
  max_runs: { count: 1000, window: 1h }
  budget: { actions: 1000, window: 1h }
  concurrency: { per_service: 1, total: 1000 }
remedies:
  - solution: service_restart
    exec: ${JSON.stringify(remedyArgv(service.port))}
    timeout: 5s
    verify_for: 1s
`;
}

async function measureSpawnBaseline(service) {
  const samples = [];
  for (let i = 0; i < 20; i += 1) {
    const effect = service.nextEffect();
    const start = performance.now();
    const [cmd, ...args] = remedyArgv(service.port);
    spawn(cmd, args, { stdio: "ignore" });
    samples.push((await effect) - start);
  }
  return samples;
}

async function measureProbePath(service) {
  const port = await freePort();
  const daemon = await startOrbtd(
    (dataDir) => `${daemonConfig(port, dataDir, service)}services:
  - name: web
    checks:
      - http: http://127.0.0.1:${service.port}/healthz
        interval: ${PROBE_INTERVAL_MS}ms
        timeout: 500ms
        fail_after: 1
`,
  );
  const samples = [];
  try {
    await sleep(1500);
    const phases = Array.from(
      { length: PROBE_FAULTS },
      (_, i) => ((i + 0.5) / PROBE_FAULTS) * PROBE_INTERVAL_MS,
    );
    for (const phase of phases.sort(() => Math.random() - 0.5)) {
      await sleep(
        phase - ((performance.now() - service.lastProbeAt) % PROBE_INTERVAL_MS) + PROBE_INTERVAL_MS,
      );
      const effect = service.nextEffect();
      const start = performance.now();
      service.isFailing = true;
      samples.push((await effect) - start);
      await waitForResolved(port);
    }
    await sleep(3000);
    const busyRssBytes = await readRss(port);
    // V8 gives back the heap's start-up and burst growth once the process has been quiet for a while.
    await sleep(IDLE_MS);
    const idleRssBytes = await readRss(port);
    return { samples, busyRssBytes, idleRssBytes };
  } finally {
    await daemon.stop();
  }
}

async function waitForResolved(port) {
  for (let i = 0; i < 100; i += 1) {
    const { incidents } = await (await fetch(`http://127.0.0.1:${port}/api/v1/incidents?state=open`)).json();
    if (incidents.length === 0) return;
    await sleep(100);
  }
  throw new Error("incident did not resolve");
}

async function readRss(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^process_resident_memory_bytes (\S+)/m.exec(text)[1]);
}

async function measurePushPath(service) {
  const port = await freePort();
  const daemon = await startOrbtd((dataDir) => daemonConfig(port, dataDir, service));
  const samples = [];
  try {
    for (let i = 0; i <= PUSH_FAULTS; i += 1) {
      const effect = service.nextEffect();
      const start = performance.now();
      // Each fault on its own (discovered) service, so every push opens a fresh incident.
      await fetch(`http://127.0.0.1:${port}/api/v1/health`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ service: `svc-${i}`, status: "failing" }),
      });
      samples.push((await effect) - start);
    }
  } finally {
    await daemon.stop();
  }
  return { first: samples[0], samples: samples.slice(1) };
}

const service = await startService();
try {
  const baseline = await measureSpawnBaseline(service);
  const probe = await measureProbePath(service);
  const push = await measurePushPath(service);
  const baselineMedian = quantile(baseline, 0.5);
  const rows = [
    ["baseline: spawn the remedy directly", baseline],
    ["probe path (1s interval, fail_after 1)", probe.samples],
    ["push path (POST /api/v1/health)", push.samples],
  ];
  console.log("fault-to-fix: time from fault to the remedy's first effect on the service\n");
  for (const [name, values] of rows) {
    const median = quantile(values, 0.5);
    console.log(
      `${name.padEnd(42)} n=${String(values.length).padEnd(3)} median ${ms(median).padStart(10)}  p99 ${ms(quantile(values, 0.99)).padStart(10)}  max ${ms(Math.max(...values)).padStart(10)}  ratio to baseline ${(median / baselineMedian).toFixed(1)}x`,
    );
  }
  console.log(`${"push path: first report after start-up".padEnd(42)} ${ms(push.first).padStart(10)}`);
  // The goal is in MB (10^6 bytes); MiB shown beside it, as ps and top count.
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB (${(bytes / 2 ** 20).toFixed(1)} MiB)`;
  console.log(`\ndaemon RSS 3 s after the last fault: ${mb(probe.busyRssBytes)}`);
  console.log(
    `idle daemon RSS (${IDLE_MS / 1000} s without faults, 1 s check running): ${mb(probe.idleRssBytes)}`,
  );
  console.log(
    `goals: probe median <= 600 ms: ${quantile(probe.samples, 0.5) <= 600 ? "met" : "NOT met"}; push p99 <= 50 ms: ${quantile(push.samples, 0.99) <= 50 ? "met" : "NOT met"}; idle RSS <= 80 MB: ${probe.idleRssBytes <= 80e6 ? "met" : "NOT met"}`,
  );
} finally {
  await service.close();
}

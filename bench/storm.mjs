// Storm: many services fail at once. Two runs of orbtd, each with 50 services failing within 10 s:
// 1. budget: the global action budget is 20 per hour, so exactly 20 actions run and the rest escalate
//    (reason action_budget); the event loop's lag over the storm is read from the daemon's own metrics.
// 2. kill switch: a budget that does not bind, and the automation paused mid-storm: no action may start
//    more than 1 s after the pause call has answered.
// Each remedy appends the time it started (bash's $EPOCHREALTIME, microseconds) to a file, so the figures
// count what ran, not what the daemon says ran. Baseline in the same run: the lag of the idle daemon.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, sleep, startOrbtd } from "./lib/kit.mjs";

const SERVICES = 50;
const STORM_MS = 10_000;
const BUDGET = 20;
const PAUSE_AT_MS = 5_000;

const ms = (value) => `${value.toFixed(1)} ms`;

function daemonConfig({ port, dataDir, startsFile, budget, remedySeconds }) {
  return `project: storm
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
otlp: false
automation:
  budget: { actions: ${budget}, window: 1h }
remedies:
  - solution: service_restart
    exec: ["bash", "-c", ${JSON.stringify(`echo "$EPOCHREALTIME" >> ${startsFile}; sleep ${remedySeconds}`)}]
    timeout: 10s
    verify_for: 1s
`;
}

async function api(port, path, init) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
  if (!response.ok)
    throw new Error(`${init?.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

const postJson = (port, path, body) =>
  api(port, path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** Seconds of event loop lag (p99 and max) since the last read: prom-client resets its histogram per scrape. */
async function readLag(port) {
  const text = await (await api(port, "/metrics")).text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? Number.NaN) * 1000;
  return { p99: read("nodejs_eventloop_lag_p99_seconds"), max: read("nodejs_eventloop_lag_max_seconds") };
}

/** Each service reports failing once, spread evenly over the storm's 10 s. */
async function fail(port, onEach) {
  const start = performance.now();
  for (let i = 0; i < SERVICES; i += 1) {
    const due = (i / SERVICES) * STORM_MS;
    await sleep(Math.max(0, due - (performance.now() - start)));
    await postJson(port, "/api/v1/health", { service: `svc-${i}`, status: "failing" });
    await onEach?.(performance.now() - start);
  }
}

async function readStarts(file) {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => Number(line) * 1000);
}

async function withDaemon(options, run) {
  const dir = await mkdtemp(join(tmpdir(), "orbt-storm-"));
  const startsFile = join(dir, "starts");
  const port = await freePort();
  const daemon = await startOrbtd((dataDir) => daemonConfig({ ...options, port, dataDir, startsFile }));
  try {
    return await run(port, startsFile);
  } finally {
    await daemon.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function listIncidents(port) {
  const { incidents } = await (await api(port, "/api/v1/incidents?limit=1000")).json();
  return incidents;
}

async function budgetRun() {
  return withDaemon({ budget: BUDGET, remedySeconds: 0.2 }, async (port, startsFile) => {
    await sleep(2000);
    await readLag(port);
    await sleep(3000);
    const idleLag = await readLag(port);
    await fail(port);
    // Acting services get strike 1, then verify (1 s) and ask for strike 2, which the spent budget refuses.
    let incidents = [];
    for (let i = 0; i < 300; i += 1) {
      incidents = await listIncidents(port);
      if (incidents.length === SERVICES && incidents.every((incident) => incident.state === "escalated"))
        break;
      await sleep(100);
    }
    const stormLag = await readLag(port);
    await sleep(2000);
    const starts = await readStarts(startsFile);
    const reasons = {};
    for (const incident of incidents) {
      const reason = incident.escalation?.reason ?? incident.state;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    }
    return { idleLag, stormLag, actions: starts.length, incidents: incidents.length, reasons };
  });
}

async function killSwitchRun() {
  return withDaemon({ budget: 10_000, remedySeconds: 0.5 }, async (port, startsFile) => {
    await sleep(2000);
    let pausedAt;
    await fail(port, async (elapsedMs) => {
      if (pausedAt !== undefined || elapsedMs < PAUSE_AT_MS) return;
      await postJson(port, "/api/v1/automation/pause", { by: "bench", note: "storm" });
      pausedAt = Date.now();
    });
    await sleep(5000);
    const starts = await readStarts(startsFile);
    const before = starts.filter((at) => at <= pausedAt).length;
    const after = starts.filter((at) => at > pausedAt);
    const lastAfterMs = after.length === 0 ? 0 : Math.max(...after) - pausedAt;
    return { before, after: after.length, lastAfterMs };
  });
}

const budget = await budgetRun();
console.log(`storm: ${SERVICES} services fail within ${STORM_MS / 1000} s\n`);
console.log(`budget run (${BUDGET} actions per hour, concurrency 1 per service, 4 in all):`);
console.log(`  actions run (remedy starts counted by the remedy itself): ${budget.actions}`);
console.log(
  `  incidents: ${budget.incidents}, by state or escalation reason: ${JSON.stringify(budget.reasons)}`,
);
console.log(
  `  event loop lag: storm p99 ${ms(budget.stormLag.p99)}, max ${ms(budget.stormLag.max)}; baseline (idle daemon) p99 ${ms(budget.idleLag.p99)}; ratio ${(budget.stormLag.p99 / budget.idleLag.p99).toFixed(2)}x`,
);
const killSwitch = await killSwitchRun();
console.log(`\nkill switch run (paused ${PAUSE_AT_MS / 1000} s into the storm, budget not binding):`);
console.log(`  actions started before the pause answered: ${killSwitch.before}, after: ${killSwitch.after}`);
console.log(`  last action start after the pause answered: ${ms(killSwitch.lastAfterMs)}`);
console.log(
  `\ngoals: exactly ${BUDGET} actions: ${budget.actions === BUDGET ? "met" : "NOT met"}; the other ${SERVICES - BUDGET} escalate (action_budget): ${budget.reasons.action_budget === SERVICES - BUDGET ? "met" : "NOT met"}; lag p99 < 50 ms: ${budget.stormLag.p99 < 50 ? "met" : "NOT met"}; no action start 1 s after the pause: ${killSwitch.lastAfterMs <= 1000 ? "met" : "NOT met"}`,
);

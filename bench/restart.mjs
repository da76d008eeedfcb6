// Restart: how long orbtd takes, after kill -9, to answer /healthz and to serve every live incident again.
// Each store is written here in fast batches, its journal produced by the real engine step (only steps that
// change something are journaled, as the daemon does), with the incident rows and the checkpoints the daemon
// would have written (full every `every` rows, incremental every `incremental_every` rows between them).
// Baseline in the same run: the same store started with `checkpoints: false`, which replays the whole
// journal, and for kill -9 the same store with full checkpoints only (`incremental_every: every`).
// 1. long journal: 1,000,000 journal rows over 10,000 incidents, resolved in waves of 100 while their
//    services' scale is measured, the last wave live; killed halfway between two checkpoints. Goal ≤ 2 s.
// 2. live incidents: 5,000 escalated incidents. Goal ≤ 1 s after a clean stop (its checkpoint covers the
//    last row), and after kill -9 halfway between two checkpoints.
// Each start also gives the CPU time orbtd had used (all its threads, from /proc) when every live incident
// was served: on two cores shared with other work, wall time says more about the other work than the start.
// Usage: npm run bench -- restart [--events N] [--incidents N] [--live N] [--escalated N]
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import {
  EMPTY_HISTORY,
  initialState,
  recordHistory,
  StatusResponse,
  step,
  takeCheckpoint,
  takeIncrementalCheckpoint,
} from "../packages/core/dist/index.js";
import { parseConfigText } from "../packages/daemon/dist/index.js";
import { encodeCheckpointBody } from "../packages/daemon/dist/runtime/checkpoint-body.js";
import { toEngineSettings, toServiceStates } from "../packages/daemon/dist/runtime/engine-settings.js";
import { toIncidentRecord } from "../packages/daemon/dist/runtime/write-projections.js";
import { openStore } from "../packages/daemon/dist/store/open-store.js";
import { freePort, sleep } from "./lib/kit.mjs";

const ORBTD = fileURLToPath(new URL("../packages/daemon/bin/orbtd.js", import.meta.url));
const EVERY = 1_000;
const INCREMENTAL_EVERY = 100;
const BATCH = 20_000;

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    incidents: { type: "string", default: "10000" },
    live: { type: "string", default: "100" },
    escalated: { type: "string", default: "5000" },
  },
});

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** `incrementalEvery`: rows between checkpoints of either kind; EVERY for full ones only. */
function configText({ port, dataDir, incrementalEvery }) {
  const checkpoints =
    incrementalEvery === undefined ? "false" : `{ every: ${EVERY}, incremental_every: ${incrementalEvery} }`;
  return `project: restart
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
otlp: false
checkpoints: ${checkpoints}
`;
}

/**
 * Feeds events through the engine as the runtime does and writes what it would have: journal rows in
 * batches and every incident's last row. Returns the state as of the last row and as of each multiple of
 * INCREMENTAL_EVERY over the last few multiples of EVERY (states are never changed in place, so keeping
 * them costs nothing).
 */
async function writeStore(dataDir, feed) {
  const parsed = parseConfigText(
    configText({ port: 1, dataDir, incrementalEvery: INCREMENTAL_EVERY }),
    "restart.yaml",
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const store = await openStore({ kind: "sqlite", file: join(dataDir, "orbt.db") });
  await store.close();
  const db = new Database(join(dataDir, "orbt.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insertEvent = db.prepare("insert into events (at, type, payload) values (?, ?, ?)");
  let pending = [];
  const flush = db.transaction((rows) => {
    for (const row of rows) insertEvent.run(row.at, row.type, row.payload);
  });
  let state = initialState(toEngineSettings(parsed.value), toServiceStates(parsed.value));
  let history = EMPTY_HISTORY;
  let seq = 0;
  const incidents = new Map();
  const points = [];
  const apply = (event, at) => {
    const result = step(state, event, at);
    if (result.state === state && result.effects.length === 0) return;
    state = result.state;
    history = recordHistory(history, result.effects);
    seq += 1;
    pending.push({ at, type: event.type, payload: JSON.stringify(event) });
    for (const effect of result.effects)
      if (effect.type === "ArchiveIncident") incidents.set(effect.incident.id, effect.incident);
    if (pending.length >= BATCH) {
      flush(pending);
      pending = [];
    }
    if (seq % INCREMENTAL_EVERY !== 0) return;
    points.push({ seq, at, state, history });
    if (points.length > (3 * EVERY) / INCREMENTAL_EVERY) points.shift();
  };
  feed(apply);
  flush(pending);
  for (const incident of Object.values(state.incidents)) incidents.set(incident.id, incident);
  db.close();
  const rows = await openStore({ kind: "sqlite", file: join(dataDir, "orbt.db") });
  await rows.upsertIncidents([...incidents.values()].map(toIncidentRecord));
  await rows.close();
  return {
    seq,
    live: Object.keys(state.incidents).sort(),
    last: { seq, at: Date.now(), state, history },
    points,
  };
}

/**
 * Writes the checkpoints a daemon would have kept, as it writes them, when `points` were its chances to
 * write one and the last of them was its last: the newest two full ones (at multiples of EVERY) and, when
 * the last point is not one of them, an incremental one over the newest.
 */
function writeCheckpoints(dataDir, points) {
  const db = new Database(join(dataDir, "orbt.db"));
  db.prepare("delete from checkpoints").run();
  const insert = db.prepare(
    "insert or replace into checkpoints (seq, at, body, base_seq) values (?, ?, ?, ?)",
  );
  const fulls = points.filter((point) => point.seq % EVERY === 0).slice(-2);
  for (const { seq, at, state, history } of fulls)
    insert.run(seq, at, encodeCheckpointBody(takeCheckpoint(state, history, seq, at)), null);
  const last = points.at(-1);
  const base = fulls.at(-1);
  if (last !== base && base !== undefined) {
    const over = { seq: base.seq, incidents: base.state.incidents };
    const body = encodeCheckpointBody(
      takeIncrementalCheckpoint(over, last.state, last.history, last.seq, last.at),
    );
    insert.run(last.seq, last.at, body, base.seq);
  }
  db.close();
}

/**
 * The points a daemon writing a checkpoint every `incrementalEvery` rows had written when killed halfway
 * (or more) between two: none within `incrementalEvery` / 2 rows of the end.
 */
function beforeKill(store, incrementalEvery) {
  return store.points.filter(
    (point) => point.seq % incrementalEvery === 0 && point.seq <= store.seq - incrementalEvery / 2,
  );
}

/** Rows older than now, one a second, ending a minute ago: what a daemon up for a while has journaled. */
function clockFor(rows, spacingMs) {
  const start = Date.now() - 60_000 - rows * spacingMs;
  let at = start;
  return () => {
    at += spacingMs;
    return at;
  };
}

function longJournal(total, incidentCount, liveCount) {
  const perIncident = Math.max(4, Math.floor(total / incidentCount));
  const clock = clockFor(total, 1000);
  return (apply) => {
    const waves = Math.ceil(incidentCount / liveCount);
    for (let wave = 0; wave < waves; wave += 1) {
      const services = Array.from({ length: liveCount }, (_, i) => `svc-${i}`);
      for (const service of services) apply({ type: "HealthReported", service, status: "failing" }, clock());
      for (let i = 0; i < liveCount * (perIncident - 2); i += 1) {
        const service = services[i % liveCount];
        const scale = Math.floor(i / liveCount) % 2 === 0 ? "medium" : "small";
        apply({ type: "ServiceScaleMeasured", service, scale }, clock());
      }
      if (wave === waves - 1) return;
      for (const service of services) apply({ type: "HealthReported", service, status: "ok" }, clock());
      // Past the 20 s verify window: the escalated incidents self-recover and are archived.
      for (let i = 0; i < 25; i += 1) clock();
      apply({ type: "Tick" }, clock());
    }
  };
}

function escalatedIncidents(count, extraRows) {
  const clock = clockFor(count + extraRows, 10);
  return (apply) => {
    for (let i = 0; i < count; i += 1)
      apply({ type: "HealthReported", service: `svc-${i}`, status: "failing" }, clock());
    for (let i = 0; i < extraRows; i += 1)
      apply({ type: "IncidentAcknowledged", incidentId: `inc-${(i % count) + 1}`, by: "oncall" }, clock());
  };
}

/** The CPU time the process has used so far, all its threads, in ms (Linux's per-thread schedstat). */
async function cpuMsOf(pid) {
  let nanoseconds = 0;
  for (const thread of await readdir(`/proc/${pid}/task`)) {
    // A thread may end between the listing and the read.
    const stat = await readFile(`/proc/${pid}/task/${thread}/schedstat`, "utf8").catch(() => "0");
    nanoseconds += Number(stat.split(" ")[0]);
  }
  return nanoseconds / 1e6;
}

/**
 * Starts orbtd on the store and times, from the spawn, /healthz answering and /api/v1/status showing every
 * live incident of `expected`, and takes the CPU orbtd had used by then; then kills it with SIGKILL.
 */
async function timeRestart(dataDir, expected, incrementalEvery) {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "orbt-restart-"));
  const config = join(dir, "orbt.yaml");
  await writeFile(config, configText({ port, dataDir, incrementalEvery }));
  const started = performance.now();
  const child = spawn(ORBTD, ["start", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const base = `http://127.0.0.1:${port}`;
  let healthzMs;
  let stateMs;
  let cpuMs;
  try {
    for (;;) {
      // Killed by a signal, a child has no exit code: without its signal this loop would poll forever.
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`orbtd exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      const ok = await fetch(`${base}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      await sleep(10);
    }
    healthzMs = performance.now() - started;
    const want = new Set(expected);
    for (;;) {
      const status = StatusResponse.parse(await (await fetch(`${base}/api/v1/status`)).json());
      const open = status.services.flatMap((service) =>
        service.openIncident ? [service.openIncident.id] : [],
      );
      if (open.length === want.size && open.every((id) => want.has(id))) break;
      await sleep(10);
    }
    stateMs = performance.now() - started;
    cpuMs = await cpuMsOf(child.pid);
  } finally {
    child.kill("SIGKILL");
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
  const replayed = Number(/"replayed":(\d+)/.exec(output)?.[1] ?? Number.NaN);
  return { healthzMs, stateMs, cpuMs, replayed };
}

function printRow(label, run) {
  console.log(
    `  ${label.padEnd(42)} /healthz ${seconds(run.healthzMs).padStart(9)}   all incidents ${seconds(run.stateMs).padStart(9)}   CPU ${seconds(run.cpuMs).padStart(7)}   replayed ${String(run.replayed).padStart(9)} rows`,
  );
}

function printRatio(before, after, goalMs) {
  const ratio = before.stateMs / after.stateMs;
  const verdict = after.stateMs <= goalMs ? "meets" : "MISSES";
  console.log(
    `  ${"ratio".padEnd(42)} ${ratio.toFixed(1)}× faster; ${verdict} the goal of ${seconds(goalMs)}`,
  );
}

async function withDataDir(run) {
  const dir = await mkdtemp(join(tmpdir(), "orbt-restart-data-"));
  try {
    return await run(join(dir, "data"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const events = Number(args.events);
const incidentCount = Number(args.incidents);
const liveCount = Number(args.live);
const escalated = Number(args.escalated);

await withDataDir(async (dataDir) => {
  await writeStore(dataDir, () => undefined);
  printRow("empty store: the process's own start", await timeRestart(dataDir, [], INCREMENTAL_EVERY));
});

await withDataDir(async (dataDir) => {
  const written = performance.now();
  const journal = await writeStore(dataDir, longJournal(events, incidentCount, liveCount));
  console.log(
    `long journal: ${journal.seq} rows, ${incidentCount} incidents, ${journal.live.length} live (written in ${seconds(performance.now() - written)})`,
  );
  writeCheckpoints(dataDir, beforeKill(journal, INCREMENTAL_EVERY));
  const before = await timeRestart(dataDir, journal.live, undefined);
  printRow("before: full replay (checkpoints: false)", before);
  const after = await timeRestart(dataDir, journal.live, INCREMENTAL_EVERY);
  printRow("after: checkpoint, kill -9 between two", after);
  printRatio(before, after, 2000);
});

await withDataDir(async (dataDir) => {
  const written = performance.now();
  const store = await writeStore(dataDir, escalatedIncidents(escalated, EVERY / 2));
  console.log(
    `live incidents: ${store.live.length} escalated, ${store.seq} rows (written in ${seconds(performance.now() - written)})`,
  );
  const before = await timeRestart(dataDir, store.live, undefined);
  printRow("before: full replay (checkpoints: false)", before);
  writeCheckpoints(dataDir, beforeKill(store, EVERY));
  const fullOnly = await timeRestart(dataDir, store.live, EVERY);
  printRow("full checkpoints only, kill -9 between two", fullOnly);
  writeCheckpoints(dataDir, beforeKill(store, INCREMENTAL_EVERY));
  const killed = await timeRestart(dataDir, store.live, INCREMENTAL_EVERY);
  printRow("with incremental ones, kill -9 between two", killed);
  printRatio(fullOnly, killed, 1000);
  writeCheckpoints(dataDir, [...store.points, store.last]);
  const clean = await timeRestart(dataDir, store.live, INCREMENTAL_EVERY);
  printRow("after: checkpoint of a clean stop", clean);
  printRatio(before, clean, 1000);
});

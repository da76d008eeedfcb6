// `npm run bench -- for-state [rounds]`: what saving alerts' `for` state to SQLite adds to rule evaluation.
// 1,000 alert rules in 10 groups, each rule over 10 series; each round evaluates every group once without
// and once with for-state saving (interleaved, in alternating order), then awaits the write. "quiet": no
// alert active; "busy": all 10,000 alerts active (one round saves them, later ones only the groups'
// evaluation times). Prints medians of the steady rounds and the ratio with/without.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { MemorySeriesStore, parsePromql } from "../packages/core/dist/index.js";
import { openStore, RuleScheduler } from "../packages/daemon/dist/index.js";

const RULES = 1_000;
const GROUPS = 10;
const INSTANCES = 10;
const ROUNDS = Number(process.argv[2] ?? 20);
const STEP_MS = 15_000;
const startMs = 1_700_000_000_000;

function buildGroups() {
  return Array.from({ length: GROUPS }, (_, g) => {
    const rules = [];
    for (let i = g; i < RULES; i += GROUPS) {
      const query = `queue_depth{rule="${i}"} > 100`;
      const parsed = parsePromql(query);
      if (!parsed.ok) throw new Error(parsed.error.message);
      rules.push({
        kind: "alerting",
        name: `Backlog${i}`,
        expr: parsed.value.expr,
        query,
        forMs: 60 * 60_000,
        keepFiringForMs: 0,
        labels: { severity: "page" },
        annotations: {},
      });
    }
    return {
      file: "/etc/orbt/rules.yml",
      group: { name: `group-${g}`, intervalMs: STEP_MS, limit: 0, rules },
    };
  });
}

function buildSeries(value) {
  const store = new MemorySeriesStore();
  for (let i = 0; i < RULES; i++) {
    for (let k = 0; k < INSTANCES; k++) {
      const samples = [];
      for (let r = 0; r <= ROUNDS; r++) samples.push({ timestampMs: startMs + r * STEP_MS, value });
      store.append({ __name__: "queue_depth", rule: String(i), instance: `i-${k}` }, samples);
    }
  }
  return store;
}

async function scenario(name, value) {
  const dir = await mkdtemp(join(tmpdir(), "orbt-bench-for-state-"));
  const store = await openStore({ kind: "sqlite", file: join(dir, "orbt.db") });
  const groups = buildGroups();
  const log = pino({ level: "silent" });
  const make = (series, forState) =>
    new RuleScheduler({ groups, store: series, appender: series, onTransition: () => {}, forState });
  const plain = make(buildSeries(value), undefined);
  const saving = make(buildSeries(value), {
    store,
    saved: [],
    restore: { outageToleranceMs: 3_600_000, gracePeriodMs: 600_000 },
    log,
  });
  const times = { plain: [], saving: [], write: [] };
  const timed = (list, run) => {
    globalThis.gc?.();
    const began = performance.now();
    run();
    list.push(performance.now() - began);
  };
  for (let round = 0; round <= ROUNDS; round++) {
    const t = startMs + round * STEP_MS;
    const runs = [
      () => timed(times.plain, () => plain.evaluateAt(t)),
      () => timed(times.saving, () => saving.evaluateAt(t)),
    ];
    for (const run of round % 2 === 0 ? runs : runs.reverse()) run();
    const began = performance.now();
    await saving.stop();
    times.write.push(performance.now() - began);
  }
  const saved = await store.listAlertForState();
  await store.close();
  await rm(dir, { recursive: true, force: true });
  // Rounds 0 and 1 come before the restore point (nothing saved); round 2 saves the alerts.
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const [plainMs, savingMs, writeMs] = [times.plain, times.saving, times.write].map((list) =>
    median(list.slice(3)),
  );
  const alerts = saved.reduce((sum, group) => sum + group.alerts.length, 0);
  console.log(
    `${name}: ${alerts} alerts saved; steady round median ${plainMs.toFixed(1)} ms without, ` +
      `${savingMs.toFixed(1)} ms + ${writeMs.toFixed(1)} ms write with for-state ` +
      `(x${((savingMs + writeMs) / plainMs).toFixed(2)}); the round saving them: ` +
      `${times.saving[2].toFixed(1)} ms + ${times.write[2].toFixed(1)} ms write`,
  );
}

console.log(
  `for-state: ${RULES} alert rules in ${GROUPS} groups, ${INSTANCES} series each, ${ROUNDS} rounds`,
);
await scenario("quiet", 0);
await scenario("busy", 500);

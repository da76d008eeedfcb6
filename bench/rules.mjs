// `npm run bench -- rules [--rounds 10] [--history 130]`: one evaluation round of 1,000 alert rules over
// 100k series (goal: < 100 ms), measured the way the daemon runs it: series in a ChunkedSeriesStore fed
// through the daemon's appender one sample per 15 s scrape, rules read from a rule file by the daemon's
// parser and evaluated by its RuleScheduler, which appends ALERTS/ALERTS_FOR_STATE back into the store.
// `--history` scrapes precede the first round (130: each series has a sealed chunk and a head chunk).
// Baseline, in the same rounds: just reading what each rule's query reads from the store, the newest
// sample within the 5 m lookback of every series its selector matches (SeriesStore.selectLatest).
// Last, rounds in which every alert changes state again, now that the code that moves them is warm.
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ChunkedSeriesStore, parsePromql } from "../packages/core/dist/index.js";
import { parseRuleFileText, RuleScheduler, toSeriesAppender } from "../packages/daemon/dist/index.js";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "10" },
    history: { type: "string", default: "130" },
  },
});
const ROUNDS = Number(args.rounds);
const HISTORY = Number(args.history);
const SERIES = 100_000;
const RULES = 1_000;
const GOAL_MS = 100;
const STEP_MS = 15_000;
const LOOKBACK_MS = 300_000;
const METRICS = [
  "http_request_duration_seconds",
  "http_errors_ratio",
  "cpu_usage_ratio",
  "memory_usage_ratio",
];
const SERVICES = 100;
const START_MS = 1_700_000_000_000;

// Labels as the scraper hands them to the appender: sorted by name, no empty values.
const seriesLabels = Array.from({ length: SERIES }, (_, i) => ({
  __name__: METRICS[i % METRICS.length],
  env: i % 3 === 0 ? "prod" : "staging",
  instance: `10.0.${Math.floor(i / 256) % 256}.${i % 256}:9100`,
  service: `svc-${Math.floor(i / METRICS.length) % SERVICES}`,
}));
// Deterministic values in [0, 1) spread across series. Each scrape adds 0.0001 to 0.0004, so values
// change (as do the alerts' $value) while staying on the same side of the 0.01-spaced thresholds.
const seriesValues = Array.from({ length: SERIES }, (_, i) => ((i * 2654435761) % 1000) / 1000);

const store = new ChunkedSeriesStore();
const appender = toSeriesAppender(store);
// The scraper reuses one sample array for every append.
const sample = { timestampMs: 0, value: 0, isStale: false };
const samples = [sample];
function scrape(timestampMs) {
  sample.timestampMs = timestampMs;
  const noise = 0.0001 * (1 + ((timestampMs / STEP_MS) % 4));
  for (let i = 0; i < SERIES; i++) {
    sample.value = seriesValues[i] + noise;
    appender.append(seriesLabels[i], samples);
  }
}

const exprs = [];
const ruleLines = ["groups:", "  - name: bench", "    interval: 15s", "    rules:"];
for (let i = 0; i < RULES; i++) {
  const metric = METRICS[i % METRICS.length];
  const service = `svc-${i % SERVICES}`;
  const threshold = (0.9 + (i % 10) / 100).toFixed(2);
  const selector =
    i % 5 === 0 ? `${metric}{service="${service}"}` : `${metric}{service="${service}", env="prod"}`;
  const expr = i % 5 === 0 ? `avg by (service) (${selector}) > ${threshold}` : `${selector} > ${threshold}`;
  exprs.push(selector);
  ruleLines.push(
    `      - alert: Alert${i}`,
    `        expr: '${expr}'`,
    `        for: ${(i % 4) * 15}s`,
    `        labels: { severity: ${i % 2 === 0 ? "page" : "ticket"} }`,
    `        annotations: { summary: "{{ $labels.service }} at {{ humanize $value }}" }`,
  );
}
const loaded = parseRuleFileText(ruleLines.join("\n"), "bench-rules.yml");
if (!loaded.ok) throw new Error(JSON.stringify(loaded.error[0]));
const selectorMatchers = exprs.map((text) => {
  const parsed = parsePromql(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.expr.matchers;
});

let fired = 0;
const scheduler = new RuleScheduler({
  groups: loaded.value,
  store,
  appender,
  onTransition: (transition) => {
    if (transition.type === "fired") fired++;
  },
  onRuleError: (error) => {
    throw new Error(`${error.rule}: ${error.message}`);
  },
});

// The main thread's time on a CPU (Linux schedstat, ns): unlike wall time it does not grow while other
// processes hold the CPUs, and unlike process CPU time it leaves out V8's background GC threads.
const SCHEDSTAT = "/proc/thread-self/schedstat";
const hasSchedstat = existsSync(SCHEDSTAT);
function onCpuMs() {
  return hasSchedstat ? Number(readFileSync(SCHEDSTAT, "latin1").split(" ")[0]) / 1e6 : Number.NaN;
}

function selectBaseline(timeMs) {
  let read = 0;
  for (const matchers of selectorMatchers) {
    const latest = store.selectLatest(matchers, timeMs - LOOKBACK_MS, timeMs);
    for (let i = 0; i < latest.labels.length; i++) if (latest.values[i] >= 0) read++;
  }
  return read;
}

const setupStarted = performance.now();
for (let k = 0; k < HISTORY; k++) scrape(START_MS + k * STEP_MS);
const setupMs = performance.now() - setupStarted;

const roundTimes = [];
const roundWallTimes = [];
const roundOnCpuTimes = [];
const roundCpuTimes = [];
const baselineTimes = [];
let seriesRead = 0;
// After the measured rounds, the alerts change state again with warm code: every series drops below
// its thresholds for RESOLVING_ROUNDS rounds (all alerts resolve), then takes its values back (the same
// alerts go pending, then fire as their `for` of 0 to 45 s runs out).
const RESOLVING_ROUNDS = 3;
const REFIRING_ROUNDS = 4;
const keptValues = Float64Array.from(seriesValues);
const transitionRoundTimes = [];
for (let round = 0; round < ROUNDS + RESOLVING_ROUNDS + REFIRING_ROUNDS; round++) {
  const timeMs = START_MS + (HISTORY + round) * STEP_MS;
  if (round === ROUNDS) seriesValues.fill(0.5);
  if (round === ROUNDS + RESOLVING_ROUNDS) for (let i = 0; i < SERIES; i++) seriesValues[i] = keptValues[i];
  if (round >= ROUNDS) {
    scrape(timeMs);
    globalThis.gc?.();
    scheduler.evaluateAt(timeMs);
    transitionRoundTimes.push(scheduler.groupStatuses()[0].evaluationTimeMs);
    continue;
  }
  scrape(timeMs);
  globalThis.gc?.();
  const began = performance.now();
  seriesRead = selectBaseline(timeMs);
  baselineTimes.push(performance.now() - began);
  globalThis.gc?.();
  const cpuBefore = process.cpuUsage();
  const onCpuBefore = onCpuMs();
  const wallBefore = performance.now();
  scheduler.evaluateAt(timeMs);
  roundWallTimes.push(performance.now() - wallBefore);
  roundOnCpuTimes.push(onCpuMs() - onCpuBefore);
  const cpu = process.cpuUsage(cpuBefore);
  roundTimes.push(scheduler.groupStatuses()[0].evaluationTimeMs);
  roundCpuTimes.push((cpu.user + cpu.system) / 1000);
}

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const roundMedian = median(roundTimes);
const baselineMedian = median(baselineTimes);
const alerts = scheduler.alerts();
const stats = store.stats();
console.log(
  `rules: ${RULES} alert rules over ${SERIES} series (${HISTORY} scrapes of history, ${(setupMs / 1000).toFixed(1)} s to append), ${ROUNDS} rounds`,
);
console.log(
  `store after the last round: ${stats.seriesCount} series, ${stats.sampleCount} samples; ${alerts.length} alerts held, ${alerts.filter((a) => a.alert.state === "firing").length} firing, ${fired} fired`,
);
console.log(
  `round time (RuleScheduler evaluationTimeMs): median ${roundMedian.toFixed(1)} ms, first ${roundTimes[0].toFixed(1)} ms (code not yet optimized, every alert new), max of the others ${Math.max(...roundTimes.slice(1)).toFixed(1)} ms`,
);
console.log(`  each round: ${roundTimes.map((ms) => ms.toFixed(1)).join(", ")} ms`);
console.log(
  `  then, code warm, all alerts resolving (${RESOLVING_ROUNDS} rounds) and firing again (${REFIRING_ROUNDS}): ${transitionRoundTimes.map((ms) => ms.toFixed(1)).join(", ")} ms (max ${Math.max(...transitionRoundTimes).toFixed(1)} ms)`,
);
console.log(
  `whole round (RuleScheduler.evaluateAt, appending its ALERTS samples included): median ${median(roundWallTimes).toFixed(1)} ms, first ${roundWallTimes[0].toFixed(1)} ms`,
);
console.log(
  `  on-CPU time of the main thread: median ${median(roundOnCpuTimes).toFixed(1)} ms, first ${roundOnCpuTimes[0].toFixed(1)} ms; process CPU time (GC threads included): median ${median(roundCpuTimes).toFixed(1)} ms`,
);
console.log(
  `baseline, reading the newest sample of each rule's series (selectLatest, ${seriesRead} series): median ${baselineMedian.toFixed(1)} ms`,
);
console.log(`ratio round / baseline: ${(roundMedian / baselineMedian).toFixed(2)}`);
console.log(`goal: one round < ${GOAL_MS} ms -> ${roundMedian < GOAL_MS ? "met" : "NOT met"} (median)`);

// `npm run bench -- rules [rounds]`: one evaluation round of 1,000 alert rules over 100k series (goal: < 100 ms).
import { performance } from "node:perf_hooks";
import {
  evaluateGroup,
  initialGroupState,
  MemorySeriesStore,
  parsePromql,
} from "../packages/core/dist/index.js";

const SERIES = 100_000;
const RULES = 1_000;
const ROUNDS = Number(process.argv[2] ?? 10);
const GOAL_MS = 100;
const STEP_MS = 15_000;
const METRICS = [
  "http_request_duration_seconds",
  "http_errors_ratio",
  "cpu_usage_ratio",
  "memory_usage_ratio",
];
const SERVICES = 100;
const startMs = 1_700_000_000_000;

const store = new MemorySeriesStore();
for (let i = 0; i < SERIES; i++) {
  const labels = {
    __name__: METRICS[i % METRICS.length],
    service: `svc-${Math.floor(i / METRICS.length) % SERVICES}`,
    instance: `10.0.${Math.floor(i / 256) % 256}.${i % 256}:9100`,
    env: i % 3 === 0 ? "prod" : "staging",
  };
  // Deterministic values in [0, 1) spread across series.
  const base = ((i * 2654435761) % 1000) / 1000;
  const samples = [];
  for (let k = 0; k < 5 + ROUNDS; k++) samples.push({ timestampMs: startMs + k * STEP_MS, value: base });
  store.append(labels, samples);
}

function expr(text) {
  const parsed = parsePromql(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return parsed.value.expr;
}

const rules = [];
for (let i = 0; i < RULES; i++) {
  const metric = METRICS[i % METRICS.length];
  const service = `svc-${i % SERVICES}`;
  const threshold = (0.9 + (i % 10) / 100).toFixed(2);
  const text =
    i % 5 === 0
      ? `avg by (service) (${metric}{service="${service}"}) > ${threshold}`
      : `${metric}{service="${service}", env="prod"} > ${threshold}`;
  rules.push({
    kind: "alerting",
    name: `Alert${i}`,
    expr: expr(text),
    forMs: (i % 4) * STEP_MS,
    keepFiringForMs: 0,
    labels: { severity: i % 2 === 0 ? "page" : "ticket" },
    annotations: { summary: "{{ $labels.service }} at {{ humanize $value }}" },
  });
}
const group = { name: "bench", intervalMs: STEP_MS, limit: 0, rules };

let state = initialGroupState(group);
const times = [];
let alerts = 0;
for (let round = 0; round < ROUNDS; round++) {
  globalThis.gc?.();
  const t = startMs + (4 + round) * STEP_MS;
  const began = performance.now();
  const result = evaluateGroup(state, group, t, store);
  times.push(performance.now() - began);
  state = result.state;
  alerts = result.alerts.length;
  if (result.errors.length > 0) throw new Error(result.errors[0].message);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const max = sorted[sorted.length - 1];
console.log(`rules: ${RULES} alert rules over ${SERIES} series, ${ROUNDS} rounds, ${alerts} alerts held`);
console.log(
  `round time: median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms (first ${times[0].toFixed(1)} ms)`,
);
console.log(`goal: one round < ${GOAL_MS} ms -> ${median < GOAL_MS ? "met" : "NOT met"} (median)`);

// HA takeover time: two orbtd on one Postgres (ha.enabled); the leader is killed with SIGKILL 20 times and
// the time from the kill to the follower answering `GET /api/v1/status` as the leader is measured; the
// killed node is started again as the follower before the next kill. Goal: max <= 5 s.
// Baseline measured in the same run: one daemon without HA on the same store, killed with SIGKILL and
// started again until its status answers, the recovery a single daemon gets under a supervisor.
// Postgres at ORBT_TEST_POSTGRES_URL, as the tests find it (default postgres://postgres@127.0.0.1:5432/test);
// the bench makes a database of its own and drops it after.
import pg from "pg";
import { freePort, quantile, sleep, startOrbtd } from "./lib/kit.mjs";

const KILLS = 20;
const GOAL_MS = 5_000;
const POLL_MS = 10;
const POSTGRES_ENV_VAR = "ORBT_TEST_POSTGRES_URL";
const serverUrl = process.env[POSTGRES_ENV_VAR] ?? "postgres://postgres@127.0.0.1:5432/test";

const ms = (value) => `${value.toFixed(0)} ms`;

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function statusOf(port) {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/status`);
  return response.ok ? response.json() : undefined;
}

/** Polls `probe` every POLL_MS until it gives something other than undefined. */
async function pollUntil(what, probe, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(POLL_MS);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function nodeConfig(storeUrl, port, nodeId) {
  return (dataDir) => `project: bench
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
otlp: false
store:
  postgres: ${JSON.stringify(storeUrl)}
${nodeId === undefined ? "" : `ha:\n  enabled: true\n  node_id: ${nodeId}\n`}`;
}

async function measureRestartBaseline(storeUrl) {
  const port = await freePort();
  const samples = [];
  let daemon = await startOrbtd(nodeConfig(storeUrl, port));
  try {
    for (let i = 0; i < KILLS; i += 1) {
      const start = performance.now();
      daemon.child.kill("SIGKILL");
      await daemon.stop();
      daemon = await startOrbtd(nodeConfig(storeUrl, port));
      await pollUntil("the restarted daemon's status", () => statusOf(port));
      samples.push(performance.now() - start);
    }
  } finally {
    await daemon.stop();
  }
  return samples;
}

async function measureTakeovers(storeUrl) {
  const nodes = new Map();
  for (const nodeId of ["node-a", "node-b"]) {
    const port = await freePort();
    nodes.set(nodeId, { port, daemon: await startOrbtd(nodeConfig(storeUrl, port, nodeId)) });
  }
  const leaderOf = async (minEpoch) => {
    for (const [nodeId, node] of nodes) {
      const ha = (await statusOf(node.port).catch(() => undefined))?.ha;
      if (ha?.role === "leader" && ha.epoch >= minEpoch) return { nodeId, epoch: ha.epoch };
    }
    return undefined;
  };
  const samples = [];
  try {
    let leader = await pollUntil("a first leader", () => leaderOf(1));
    for (let i = 0; i < KILLS; i += 1) {
      const killed = nodes.get(leader.nodeId);
      const start = performance.now();
      killed.daemon.child.kill("SIGKILL");
      leader = await pollUntil("the follower to take over", () => leaderOf(leader.epoch + 1));
      samples.push(performance.now() - start);
      await killed.daemon.stop();
      killed.daemon = await startOrbtd(
        nodeConfig(storeUrl, killed.port, leader.nodeId === "node-a" ? "node-b" : "node-a"),
      );
    }
  } finally {
    for (const node of nodes.values()) await node.daemon.stop();
  }
  return samples;
}

const database = `orbt_bench_ha_${process.pid}`;
await withClient(serverUrl, (client) => client.query(`create database ${database}`));
const storeUrl = new URL(serverUrl);
storeUrl.pathname = `/${database}`;
try {
  const baseline = await measureRestartBaseline(storeUrl.href);
  const takeovers = await measureTakeovers(storeUrl.href);
  const baselineMedian = quantile(baseline, 0.5);
  console.log(`ha-takeover: ${KILLS} SIGKILLs of the leader, time until the other node leads\n`);
  for (const [name, values] of [
    ["baseline: one daemon killed and restarted", baseline],
    ["HA pair: the follower takes over", takeovers],
  ]) {
    const median = quantile(values, 0.5);
    console.log(
      `${name.padEnd(42)} n=${values.length}  p50 ${ms(median).padStart(8)}  max ${ms(Math.max(...values)).padStart(8)}  ratio to baseline ${(median / baselineMedian).toFixed(2)}x`,
    );
  }
  const max = Math.max(...takeovers);
  console.log(
    `\ngoal: takeover max <= ${GOAL_MS / 1000} s: ${max <= GOAL_MS ? "met" : "NOT met"} (${ms(max)})`,
  );
} finally {
  await withClient(serverUrl, (client) => client.query(`drop database ${database} with (force)`));
}

// Stream fan-out: 200 WebSocket clients on orbtd's /api/v1/stream while 100 incidents a second change state
// (health pushes alternating failing and ok over 100 services). Per frame: the delay from the journal write
// (the frame's `at`) to its arrival at each client, p50/p99/max over all clients; per client: every seq
// after the snapshot's, each once. Baseline measured in the same run: a ws server in this process
// broadcasting frames of the same size to the same 200 clients at the rate the daemon journaled, stamped
// when sent: the floor that this machine and this process's 200 clients set.
// Usage: npm run bench -- ws-fanout [--clients 200] [--seconds 10]
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { WebSocket, WebSocketServer } from "ws";
import { freePort, listen, quantile, sleep, startOrbtd } from "./lib/kit.mjs";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    seconds: { type: "string", default: "10" },
  },
});
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const SERVICES = 100;
const CHANGES_PER_SECOND = 100;
const GOAL_P99_MS = 50;

/** A client: its delays, and the seqs it saw out of line (missing or repeated) after its first frame. */
function connectClient(url) {
  const client = {
    delays: [],
    frames: 0,
    missing: 0,
    repeated: 0,
    lastSeq: undefined,
    firstMs: undefined,
    lastMs: undefined,
  };
  const ws = new WebSocket(url);
  ws.on("message", (data) => {
    const arrivedMs = Date.now();
    const frame = JSON.parse(data);
    if (frame.type === "snapshot") {
      client.lastSeq = frame.seq;
      return;
    }
    client.frames += 1;
    client.firstMs ??= arrivedMs;
    client.lastMs = arrivedMs;
    client.delays.push(arrivedMs - frame.at);
    if (client.lastSeq !== undefined) {
      if (frame.seq <= client.lastSeq) client.repeated += 1;
      else client.missing += frame.seq - client.lastSeq - 1;
    }
    client.lastSeq = Math.max(client.lastSeq ?? frame.seq, frame.seq);
  });
  const opened = new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { client, ws, opened };
}

async function connectAll(url) {
  const connections = Array.from({ length: CLIENTS }, () => connectClient(url));
  await Promise.all(connections.map((connection) => connection.opened));
  return connections;
}

function summarize(name, connections) {
  const delays = connections.flatMap(({ client }) => client.delays);
  const frames = connections.map(({ client }) => client.frames);
  const missing = connections.reduce((sum, { client }) => sum + client.missing, 0);
  const repeated = connections.reduce((sum, { client }) => sum + client.repeated, 0);
  return {
    name,
    framesPerClient: Math.max(...frames),
    fewestFrames: Math.min(...frames),
    // The rate frames flowed at: the first client's frames over the time from its first to its last.
    framesPerSecond:
      connections[0].client.frames /
      Math.max(0.001, (connections[0].client.lastMs - connections[0].client.firstMs) / 1000),
    p50: quantile(delays, 0.5),
    p99: quantile(delays, 0.99),
    max: delays.reduce((most, delay) => Math.max(most, delay), 0),
    missing,
    repeated,
  };
}

// --- the daemon ---

const port = await freePort();
const daemon = await startOrbtd(
  (dataDir) => `project: bench
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
`,
);
let orbt;
let frameBytes = 600;
try {
  const connections = await connectAll(`ws://127.0.0.1:${port}/api/v1/stream`);
  const sample = new Promise((resolve) =>
    connections[0].ws.once("message", () =>
      connections[0].ws.once("message", (data) => resolve(data.length)),
    ),
  );
  const start = performance.now();
  let sent = 0;
  let failed = 0;
  const inFlight = new Set();
  for (let tick = 0; performance.now() - start < SECONDS * 1000; tick++) {
    const dueMs = start + (tick * 1000) / CHANGES_PER_SECOND;
    const waitMs = dueMs - performance.now();
    if (waitMs > 0) await sleep(waitMs);
    const service = `svc-${tick % SERVICES}`;
    const status = Math.floor(tick / SERVICES) % 2 === 0 ? "failing" : "ok";
    const post = fetch(`http://127.0.0.1:${port}/api/v1/health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service, status, detail: "bench" }),
    })
      .then((response) => {
        if (response.status !== 202) failed += 1;
        return response.arrayBuffer();
      })
      .catch(() => {
        failed += 1;
      })
      .finally(() => inFlight.delete(post));
    inFlight.add(post);
    sent += 1;
  }
  await Promise.all(inFlight);
  // Frames still on their way when the last report was answered.
  await sleep(1000);
  frameBytes = await Promise.race([sample, sleep(0).then(() => frameBytes)]);
  orbt = { ...summarize("orbtd /api/v1/stream", connections), sent, failed };
  for (const { ws } of connections) ws.terminate();
} finally {
  await daemon.stop();
}

// --- the baseline: the same clients, frames of the same size at the daemon's rate, from a bare ws server ---

const server = createServer();
const wss = new WebSocketServer({ server });
const baselinePort = await listen(server);
const baselineConnections = await connectAll(`ws://127.0.0.1:${baselinePort}/`);
const padding = "x".repeat(Math.max(0, frameBytes - 60));
const baselineStart = performance.now();
const baselineRate = Math.max(1, orbt.framesPerSecond);
for (let seq = 1; performance.now() - baselineStart < SECONDS * 1000; seq++) {
  const waitMs = baselineStart + (seq * 1000) / baselineRate - performance.now();
  if (waitMs > 0) await sleep(waitMs);
  const text = JSON.stringify({ type: "event", seq, at: Date.now(), padding });
  for (const ws of wss.clients) ws.send(text);
}
await sleep(1000);
const baseline = summarize("baseline: bare ws broadcast", baselineConnections);
for (const { ws } of baselineConnections) ws.terminate();
wss.close();
server.close();

// --- report ---

console.log(
  `ws-fanout: ${CLIENTS} clients, ${CHANGES_PER_SECOND} health state changes/s over ${SERVICES} services for ${SECONDS} s ` +
    `(${orbt.sent} sent, ${orbt.failed} not 202); frames of about ${frameBytes} bytes\n`,
);
console.log(
  `${"stream".padEnd(28)} ${"frames/client".padStart(13)} ${"fewest".padStart(7)} ${"frames/s".padStart(9)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)} ${"p99 vs base".padStart(11)} ${"missing".padStart(7)} ${"repeated".padStart(8)}`,
);
for (const row of [baseline, orbt]) {
  console.log(
    `${row.name.padEnd(28)} ${String(row.framesPerClient).padStart(13)} ${String(row.fewestFrames).padStart(7)} ${row.framesPerSecond.toFixed(0).padStart(9)} ${`${row.p50} ms`.padStart(8)} ${`${row.p99} ms`.padStart(8)} ${`${row.max} ms`.padStart(8)} ${`${(row.p99 / Math.max(1, baseline.p99)).toFixed(1)}x`.padStart(11)} ${String(row.missing).padStart(7)} ${String(row.repeated).padStart(8)}`,
  );
}
console.log(
  "delay: arrival (Date.now() in this process) minus the frame's `at` (the daemon's clock when it journaled the event), over every frame of every client",
);
const verdict = (isMet) => (isMet ? "met" : "NOT met");
console.log(
  `goals: p99 <= ${GOAL_P99_MS} ms ${verdict(orbt.p99 <= GOAL_P99_MS)} (${orbt.p99} ms); ` +
    `no client missing or repeating a seq ${verdict(orbt.missing === 0 && orbt.repeated === 0)} ` +
    `(${orbt.missing} missing, ${orbt.repeated} repeated); every client got every frame ${verdict(orbt.fewestFrames === orbt.framesPerClient)}`,
);

// Fleet: 1,000 simulated host agents (in-process clients) publish host messages to JetStream at a steady
// rate; one central orbtd consumes the stream and applies each message once by (host, seq). The bench
// reads the central daemon's stream: every applied message comes back as a `host` frame, so the figures
// count what was applied, not what was sent. Printed: events/s applied, apply lag (publish to frame)
// p50/p99, duplicates and missing, and each host's last seq as GET /api/v1/hosts reports it.
// Baseline in the same run: a bare JetStream consumer (ack only, no orbtd) draining the same stream.
// Usage: npm run bench -- fleet [--agents 1000] [--rate 1000] [--seconds 15] [--connections 50] [--nats URL]
import { parseArgs } from "node:util";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import WebSocket from "ws";
import { freePort, quantile, sleep, startOrbtd } from "./lib/kit.mjs";

const { values } = parseArgs({
  options: {
    agents: { type: "string", default: "1000" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "50" },
    nats: { type: "string", default: "nats://127.0.0.1:4222" },
  },
});
const AGENTS = Number(values.agents);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Math.min(Number(values.connections), AGENTS);
const TOTAL = RATE * SECONDS;
const unique = `b${process.pid}x${Date.now()}`;
const subject = `orbt.bench.${unique}`;
const stream = `BENCH_${unique}`;

const ms = (value) => `${value.toFixed(1)} ms`;
const agentName = (index) => `agent-${String(index).padStart(4, "0")}`;

function message(agent, seq) {
  const status = seq % 2 === 0 ? "GREEN" : "RED";
  const at = Date.now();
  return {
    host: agentName(agent),
    seq,
    at,
    records: [
      {
        kind: "service",
        service: { name: "web", platform: "exec", isDiscovered: false, status, updatedAt: at },
      },
    ],
  };
}

/** Publishes TOTAL messages over SECONDS, spread evenly, round-robin over the agents. */
async function publishSteadily(connections) {
  const clients = connections.map((connection) => jetstream(connection));
  const acks = [];
  const start = performance.now();
  let sent = 0;
  while (sent < TOTAL) {
    const due = Math.min(TOTAL, Math.floor(((performance.now() - start) / 1000) * RATE));
    for (; sent < due; sent += 1) {
      const agent = sent % AGENTS;
      const seq = Math.floor(sent / AGENTS) + 1;
      const body = message(agent, seq);
      acks.push(
        clients[agent % clients.length].publish(`${subject}.${body.host}`, JSON.stringify(body), {
          msgID: `${body.host}:${seq}`,
        }),
      );
    }
    await sleep(5);
  }
  await Promise.all(acks);
  return (performance.now() - start) / 1000;
}

/** Collects the central daemon's host frames, each with the time it arrived. */
async function watchFrames(url) {
  const frames = [];
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/v1/stream`);
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === "host") {
      frames.push({
        host: frame.host,
        seq: frame.seq,
        lagMs: Date.now() - frame.at,
        arrivedAt: performance.now(),
      });
    }
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { frames, close: () => ws.close() };
}

/** A consumer that only acks: how fast JetStream alone hands the same messages over. */
async function bareConsumerRate(connection) {
  const manager = await jetstreamManager(connection);
  const durable = `bare_${unique}`;
  await manager.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    max_ack_pending: 2000,
  });
  const consumer = await jetstream(connection).consumers.get(stream, durable);
  const start = performance.now();
  let count = 0;
  const messages = await consumer.consume({ max_messages: 1000 });
  for await (const msg of messages) {
    JSON.parse(msg.string());
    msg.ack();
    count += 1;
    if (count === TOTAL) break;
  }
  return count / ((performance.now() - start) / 1000);
}

const connections = await Promise.all(
  Array.from({ length: CONNECTIONS }, (_, i) =>
    connect({ servers: values.nats, name: `bench agent pool ${i}` }),
  ),
);
const port = await freePort();
const central = await startOrbtd(
  (dataDir) => `project: fleet-bench
host: central
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
otlp: false
fleet: { nats: ${JSON.stringify(values.nats)}, subject: ${subject}, stream: ${stream}, durable: central_${unique} }
`,
);
const url = `http://127.0.0.1:${port}`;
try {
  const manager = await jetstreamManager(connections[0]);
  for (let i = 0; i < 100; i += 1) {
    if (
      await manager.streams.info(stream).then(
        () => true,
        () => false,
      )
    )
      break;
    await sleep(100);
  }
  const watch = await watchFrames(url);
  const publishStart = performance.now();
  const publishSeconds = await publishSteadily(connections);
  for (let i = 0; i < 600 && watch.frames.length < TOTAL; i += 1) await sleep(100);
  await sleep(1000); // a late duplicate would show now
  const lastArrival = Math.max(...watch.frames.map((frame) => frame.arrivedAt));
  const appliedSeconds = (lastArrival - publishStart) / 1000;
  watch.close();

  const seen = new Set();
  let duplicates = 0;
  for (const frame of watch.frames) {
    const key = `${frame.host}:${frame.seq}`;
    if (seen.has(key)) duplicates += 1;
    seen.add(key);
  }
  const { hosts } = await (await fetch(`${url}/api/v1/hosts`)).json();
  const expectedPerAgent = (agent) => Math.floor(TOTAL / AGENTS) + (agent < TOTAL % AGENTS ? 1 : 0);
  const wrongLastSeq = hosts
    .filter((host) => !host.isLocal)
    .filter((host) => host.lastSeq !== expectedPerAgent(Number(host.host.slice("agent-".length)))).length;
  const lags = watch.frames.map((frame) => frame.lagMs);
  const bare = await bareConsumerRate(connections[0]);

  console.log(
    `fleet: ${AGENTS} host agents over ${CONNECTIONS} NATS connections, ${RATE} events/s for ${SECONDS} s\n`,
  );
  console.log(`published         ${TOTAL} in ${publishSeconds.toFixed(1)} s`);
  console.log(
    `applied           ${seen.size} in ${appliedSeconds.toFixed(1)} s (${(seen.size / appliedSeconds).toFixed(0)} events/s)`,
  );
  console.log(
    `apply lag         p50 ${ms(quantile(lags, 0.5))}  p99 ${ms(quantile(lags, 0.99))}  max ${ms(Math.max(...lags))}`,
  );
  console.log(`duplicates        ${duplicates}`);
  console.log(`missing           ${TOTAL - seen.size}`);
  console.log(`hosts listed      ${hosts.length - 1} (last seq wrong on ${wrongLastSeq})`);
  console.log(
    `\nbaseline: a bare JetStream consumer (ack only) drains the same stream at ${bare.toFixed(0)} msgs/s;`,
  );
  console.log(`the offered rate ${RATE}/s is ${((RATE / bare) * 100).toFixed(1)}% of it`);
  if (duplicates !== 0 || seen.size !== TOTAL || wrongLastSeq !== 0) process.exitCode = 1;
} finally {
  await central.stop();
  await (await jetstreamManager(connections[0])).streams.delete(stream).catch(() => undefined);
  await Promise.all(connections.map((connection) => connection.close()));
}

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startDnsServer } from "./support/dns-server.js";
import { type IdleProcess, restartIdleProcess, startIdleProcess } from "./support/idle-process.js";
import { startLineServer } from "./support/line-server.js";
import { startLocalHttpServer } from "./support/local-http-server.js";
import { killAfterEach } from "./support/orbtd-process.js";
import { incidentOf, startOrbtdWith } from "./support/orbtd-with-yaml.js";
import { startTlsServer } from "./support/tls-server.js";
import { waitFor } from "./support/wait-for.js";

const CHECK_STATE = fileURLToPath(new URL("./fixtures/check_state.sh", import.meta.url));

const daemons = killAfterEach();

/** Peers a test started, stopped after it. */
const peers: { kill?(): Promise<void>; close?(): Promise<void> }[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await (peer.kill ?? peer.close)?.call(peer);
});

function track<T extends { kill?(): Promise<void>; close?(): Promise<void> }>(peer: T): T {
  peers.push(peer);
  return peer;
}

/** Waits until the daemon has probed `service` healthy `count` times, from its /metrics. */
function healthyProbes(url: string, service: string, count: number): Promise<number> {
  const line = new RegExp(
    `^orbt_check_duration_seconds_count\\{service="${service}",result="ok"\\} (\\d+)$`,
    "m",
  );
  return waitFor(`${count} healthy probes of ${service}`, async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const seen = Number(line.exec(text)?.[1] ?? 0);
    return seen >= count ? seen : undefined;
  });
}

/** Fast probes, so a failing peer opens its incident within a second or two. */
const FAST = "interval: 200ms\n        timeout: 200ms";

describe("each check kind opens an incident against a real peer", () => {
  it("command: a Nagios plugin turning CRITICAL is health_check_failures with its status line", async () => {
    const { url, dir } = await startOrbtdWith(daemons, async ({ dir }) => {
      await writeFile(join(dir, "state"), "0 OK - /var at 40%\n");
      return `services:
  - name: disk
    checks:
      - command: [${JSON.stringify(CHECK_STATE)}, ${JSON.stringify(join(dir, "state"))}]
        ${FAST}
`;
    });
    await writeFile(join(dir, "state"), "2 CRITICAL - /var at 99%\n");
    const incident = await incidentOf(url, "disk", "health_check_failures");
    expect(incident).toMatchObject({ pattern: "uptime_problems", activeSources: ["check:0"] });
    expect(incident.timeline[0]?.message).toContain("CRITICAL (exit 2): STATE CRITICAL - /var at 99%");
  });

  it("process: a process matched by name that exits is service_unavailable", async () => {
    const worker = track(await startIdleProcess());
    const { url } = await startOrbtdWith(
      daemons,
      () => `services:
  - name: worker
    checks:
      - process: { name: "${worker.marker}" }
        ${FAST}
`,
    );
    await healthyProbes(url, "worker", 2);
    await worker.kill();
    const incident = await incidentOf(url, "worker", "service_unavailable");
    expect(incident).toMatchObject({ pattern: "uptime_problems", activeSources: ["check:0"] });
    expect(incident.timeline[0]?.message).toContain(`no process matches /${worker.marker}/`);
  });

  it("process: a pidfile whose pid keeps changing is health_check_failures once it restarted `restarts` times", async () => {
    let app: IdleProcess = track(await startIdleProcess());
    const { url, dir } = await startOrbtdWith(daemons, async ({ dir }) => {
      await writeFile(join(dir, "app.pid"), `${app.pid}\n`);
      return `services:
  - name: app
    checks:
      - process: { pidfile: ${JSON.stringify(join(dir, "app.pid"))}, restarts: 2, restart_window: 1m }
        ${FAST}
        fail_after: 1
`;
    });
    const before = await healthyProbes(url, "app", 1);
    app = track(await restartIdleProcess(app, join(dir, "app.pid")));
    // One restart is under the limit; the second probe after it surely saw the new pid.
    await healthyProbes(url, "app", before + 2);
    app = track(await restartIdleProcess(app, join(dir, "app.pid")));
    const incident = await incidentOf(url, "app", "health_check_failures");
    expect(incident.timeline[0]?.message).toContain(
      `restarted 2 times within 1m (limit 2), now pid ${app.pid}`,
    );
  });

  it("tcp: an answer to what the check sent that stops holding the expected text is health_check_failures", async () => {
    const redis = track(await startLineServer((line) => (line === "PING" ? "+PONG\r\n" : null)));
    const { url } = await startOrbtdWith(
      daemons,
      () => `services:
  - name: cache
    checks:
      - tcp: { address: "${redis.address}", send: "PING\\r\\n", expect: "+PONG" }
        ${FAST}
`,
    );
    await healthyProbes(url, "cache", 2);
    redis.setAnswer(() => "-LOADING Redis is loading the dataset in memory\r\n");
    const incident = await incidentOf(url, "cache", "health_check_failures");
    expect(incident.timeline[0]?.message).toContain('without an answer holding "+PONG"; got "-LOADING');
  });

  it("http: a 200 whose JSON body stops meeting a condition is health_check_failures naming it", async () => {
    let state = "UP";
    const api = track(
      await startLocalHttpServer((_request, response) => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ status: state, checks: { db: state === "UP" } }));
      }),
    );
    const { url } = await startOrbtdWith(
      daemons,
      () => `services:
  - name: api
    checks:
      - http:
          url: ${api.url}/health
          conditions: ["[STATUS] == 200", "[BODY].status == UP", "[BODY].checks.db == true"]
        ${FAST}
`,
    );
    await healthyProbes(url, "api", 2);
    state = "DEGRADED";
    const incident = await incidentOf(url, "api", "health_check_failures");
    expect(incident.timeline[0]?.message).toContain(
      "HTTP 200: condition not met: [BODY].status (DEGRADED) == UP; [BODY].checks.db (false) == true",
    );
  });

  it("tls: a certificate made to expire in 3 days is health_check_failures under min_days_left 14", async () => {
    const site = track(await startTlsServer(3 * 86_400_000 + 3_600_000));
    const { url } = await startOrbtdWith(
      daemons,
      () => `services:
  - name: site
    checks:
      - tls: { address: "${site.address}", ca: ${JSON.stringify(site.caFile)} }
        ${FAST}
`,
    );
    const incident = await incidentOf(url, "site", "health_check_failures");
    expect(incident).toMatchObject({ pattern: "uptime_problems", activeSources: ["check:0"] });
    expect(incident.timeline[0]?.message).toContain("certificate of localhost expires in 3 days");
  });

  it("dns: a TXT record losing its expected value is DNS_problems", async () => {
    const dns = track(await startDnsServer({ "TXT shop.test": ["site-verification=abc123"] }));
    const { url } = await startOrbtdWith(
      daemons,
      () => `services:
  - name: shop
    checks:
      - dns: { name: shop.test, type: TXT, server: "${dns.address}", values: [site-verification=abc123] }
        ${FAST}
`,
    );
    await healthyProbes(url, "shop", 2);
    dns.records.set("TXT shop.test", ["site-verification=other"]);
    const incident = await incidentOf(url, "shop", "DNS_problems");
    expect(incident.timeline[0]?.message).toContain(
      "shop.test (TXT): resolved to site-verification=other, expected site-verification=abc123",
    );
  });
});

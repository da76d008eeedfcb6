import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { StatusResponse } from "@orbt/core";
import { type IncidentsResponse, StreamFrame } from "@orbt/core";
import { expect, it } from "vitest";
import WebSocket from "ws";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { haStatusOf, writeHaNodeConfig } from "./support/ha-pair.js";
import { getJson, killAfterEach, makeWorkDir, type OrbtdProcess } from "./support/orbtd-process.js";
import {
  describeDialect,
  POSTGRES_DIALECT,
  type StoreFixture,
  useDialectFixtures,
} from "./support/store-dialects.js";
import { waitFor } from "./support/wait-for.js";

const COUNT_REMEDY = fileURLToPath(new URL("./fixtures/count-remedy.mjs", import.meta.url));
const KILLS = 20;

function connectionStringOf(fixture: StoreFixture): string {
  if (fixture.options.kind !== "postgres") throw new Error("expected a Postgres fixture");
  return fixture.options.connectionString;
}

/** One watched service failing its checks; strike 1 does nothing for it, strike 2 heals it. */
function pairBody(service: FlakyService, countFile: string): string {
  const remedy = (solution: string, extra: readonly string[]) => `  - solution: ${solution}
    service: web
    exec: ${JSON.stringify([process.execPath, COUNT_REMEDY, countFile, "150", ...extra])}
    timeout: 10s
    verify_for: 400ms`;
  return `project: shop
services:
  - name: web
    platform: exec
    checks:
      - http: ${service.healthUrl}
        interval: 100ms
        timeout: 100ms
        fail_after: 2
remedies:
${remedy("service_restart", [])}
${remedy("failover_activation", [service.controlUrl])}
strikes: { strike1_timeout: 30s, strike2_timeout: 30s }
# Rails off: every new incident runs its ladder at once however often the service failed before.
automation:
  cooldown: 0s
  max_runs: { count: 1000, window: 1h }
  budget: { actions: 1000, window: 1h }
  flapping: { changes: 1000, window: 1s }
`;
}

/** `start <service> <incident> <solution>` lines of the remedy's own log, counted per run. */
async function countRuns(countFile: string): Promise<Map<string, number>> {
  const text = await readFile(countFile, "utf8").catch(() => "");
  const runs = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("start ")) continue;
    const key = line.slice("start ".length);
    runs.set(key, (runs.get(key) ?? 0) + 1);
  }
  return runs;
}

function total(runs: Map<string, number>): number {
  return [...runs.values()].reduce((sum, count) => sum + count, 0);
}

function reportHealth(url: string, service: string): Promise<Response> {
  return fetch(`${url}/api/v1/health`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service, status: "failing" }),
  });
}

async function resolveEscalated(url: string): Promise<void> {
  const { services } = await getJson<StatusResponse>(`${url}/api/v1/status`);
  const open = services.find((each) => each.name === "web")?.openIncident;
  if (open?.state !== "escalated") return;
  await fetch(`${url}/api/v1/incidents/${open.id}/resolve`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
}

describeDialect("an HA pair of orbtd on one Postgres", POSTGRES_DIALECT, () => {
  // Registered before the daemons' hook, so it runs after it: every orbtd is gone before its schema is dropped.
  const { createFixture } = useDialectFixtures(POSTGRES_DIALECT);
  const daemons = killAfterEach();

  it(`runs every remedy step once while its leader is killed with SIGKILL ${KILLS} times`, {
    timeout: 300_000,
  }, async () => {
    const fixture = await createFixture();
    const service = await startFlakyService("ok");
    try {
      const countFile = `${await makeWorkDir()}/runs.log`;
      const body = pairBody(service, countFile);
      const connectionString = connectionStringOf(fixture);
      const configs = {
        a: await writeHaNodeConfig({ nodeId: "node-a", connectionString, body }),
        b: await writeHaNodeConfig({ nodeId: "node-b", connectionString, body }),
      };
      const nodes = new Map<string, OrbtdProcess>([
        ["node-a", await daemons.start(configs.a)],
        ["node-b", await daemons.start(configs.b)],
      ]);
      const configOf = (nodeId: string) => (nodeId === "node-a" ? configs.a : configs.b);

      let epoch = 0;
      for (let kill = 0; kill < KILLS; kill += 1) {
        const leader = await waitFor("a leader with a newer epoch", async () => {
          const states = await Promise.all(
            [...nodes.values()].map((node) => haStatusOf(node.url).catch(() => undefined)),
          );
          return states.find((ha) => ha?.role === "leader" && ha.epoch > epoch);
        });
        epoch = leader.epoch;
        // The service keeps failing (a remedy that healed it is undone), and the leader is killed once it
        // ran a remedy, sometimes in the middle of the next one. A ladder whose strike 2 was interrupted
        // escalates: resolved by hand, the failing service opens the next incident.
        const before = total(await countRuns(countFile));
        const leaderUrl = nodes.get(leader.nodeId)?.url ?? "";
        await waitFor("the leader to run a remedy", async () => {
          if (total(await countRuns(countFile)) > before) return true;
          await service.setMode("failing");
          await resolveEscalated(leaderUrl);
          return undefined;
        });
        await new Promise((resolve) => setTimeout(resolve, (kill % 4) * 120));
        const killed = nodes.get(leader.nodeId);
        if (killed === undefined) throw new Error(`no process for ${leader.nodeId}`);
        killed.child.kill("SIGKILL");
        expect(await killed.exited).toBe("SIGKILL");
        nodes.set(leader.nodeId, await daemons.start(configOf(leader.nodeId)));
      }

      const runs = await countRuns(countFile);
      const steps = (await fixture.selectRows(
        "select incident_id, solution, step, state, epoch from actions order by incident_id, step",
      )) as { incident_id: string; solution: string; step: number; state: string; epoch: string }[];
      // Each run in the remedy's log is one action row, its (incident, step) run exactly once.
      const perStep = new Map(
        steps.map((row) => [
          `${row.incident_id} ${row.step}`,
          runs.get(`web ${row.incident_id} ${row.solution}`),
        ]),
      );
      const ranTwice = [...runs].filter(([, count]) => count !== 1);
      expect(ranTwice).toEqual([]);
      expect(runs.size).toBeGreaterThanOrEqual(KILLS);
      for (const key of runs.keys()) {
        const [, incidentId, solution] = key.split(" ");
        expect(steps.some((row) => row.incident_id === incidentId && row.solution === solution)).toBe(true);
      }
      expect([...perStep.values()].filter((count) => count !== undefined && count !== 1)).toEqual([]);
      expect(new Set(steps.map((row) => Number(row.epoch))).size).toBeGreaterThan(KILLS / 2);
    } finally {
      await service.close();
    }
  });

  it("lets the follower serve the leader's incidents, status and stream, and refuse writes", async () => {
    const fixture = await createFixture();
    const connectionString = connectionStringOf(fixture);
    const body = "project: shop\n";
    const leader = await daemons.start(await writeHaNodeConfig({ nodeId: "node-a", connectionString, body }));
    await waitFor("node-a to lead", async () =>
      (await haStatusOf(leader.url)).role === "leader" ? true : undefined,
    );
    const follower = await daemons.start(
      await writeHaNodeConfig({ nodeId: "node-b", connectionString, body }),
    );
    expect(await haStatusOf(follower.url)).toMatchObject({
      nodeId: "node-b",
      role: "follower",
      epoch: 1,
      leader: "node-a",
    });
    const frames: StreamFrame[] = [];
    const socket = new WebSocket(`${follower.url.replace("http", "ws")}/api/v1/stream`);
    socket.on("message", (data: Buffer) => frames.push(StreamFrame.parse(JSON.parse(data.toString()))));
    try {
      await waitFor("the follower's snapshot", async () => frames[0]);

      expect((await reportHealth(leader.url, "api")).status).toBe(202);

      // The store's rows are shared; the follower's engine state comes from following the journal.
      const open = await waitFor("the incident in the follower's status", async () => {
        const { services } = await getJson<StatusResponse>(`${follower.url}/api/v1/status`);
        return services.find((each) => each.name === "api")?.openIncident ?? undefined;
      });
      const { incidents } = await getJson<IncidentsResponse>(`${follower.url}/api/v1/incidents`);
      expect(incidents.map((each) => [each.id, each.service])).toEqual([[open.id, "api"]]);
      const event = await waitFor("the event on the follower's stream", async () =>
        frames.find((frame) => frame.type === "event"),
      );
      expect(event).toMatchObject({ seq: 1, event: { type: "HealthReported", service: "api" } });

      const refused = await reportHealth(follower.url, "web");
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ error: { code: "not_leader" } });
      const drill = await fetch(`${follower.url}/api/v1/drills`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ service: "api" }),
      });
      expect(drill.status).toBe(503);
      expect(await drill.json()).toMatchObject({ error: { code: "not_leader" } });
    } finally {
      socket.close();
    }
  });
});

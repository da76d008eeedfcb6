import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type IncidentSummary, KnowledgeFile, KnowledgeResponse } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { flakyServiceConfig } from "./support/config-yaml.js";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach, makeWorkDir, runOrbtd, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

let service: FlakyService | undefined;
const daemons = killAfterEach();

afterEach(async () => {
  await service?.close();
  service = undefined;
});

/** Strike 1 may restart (which fails here) or adjust the health check (which heals); strike 2 fails over. */
const REMEDIES = [
  { solution: "service_restart", action: "noop", exitCode: 1 },
  { solution: "health_check_adjustment", action: "heal" },
  { solution: "failover_activation", action: "heal" },
] as const;

type ConfigChoices = Pick<Parameters<typeof flakyServiceConfig>[0], "remedies" | "serviceExtra" | "extra">;

/** A config in a new work dir watching `flaky`, with the three remedies at scale medium unless told otherwise. */
async function writeFlakyConfig(flaky: FlakyService, choices: Partial<ConfigChoices> = {}): Promise<string> {
  const dir = await makeWorkDir();
  return writeConfig(
    dir,
    flakyServiceConfig({
      port: await freePort(),
      dataDir: join(dir, "data"),
      healthUrl: flaky.healthUrl,
      controlUrl: flaky.controlUrl,
      remedies: REMEDIES,
      serviceExtra: "    scale: medium\n",
      // No cooldown: which remedy runs is the knowledge's choice alone; the service breaks and recovers
      // again and again on purpose, so it is not to count as flapping.
      extra: "automation: { cooldown: 0s, flapping: { changes: 100, window: 1m } }\n",
      ...choices,
    }),
  );
}

async function incidents(url: string): Promise<IncidentSummary[]> {
  return (await getJson<{ incidents: IncidentSummary[] }>(`${url}/api/v1/incidents`)).incidents;
}

/** Breaks the service and waits until the incident it opens is resolved; the solutions it ran, in order. */
async function breakAndRecover(url: string, flaky: FlakyService, id: string): Promise<string[]> {
  await flaky.setMode("failing");
  await waitFor(`${id} resolved`, async () =>
    (await incidents(url)).find((each) => each.id === id && each.state === "resolved"),
  ).catch(async (err: Error) => {
    // The timeline says why: which remedy ran, what held it back, how the verify went.
    const detail = await getJson(`${url}/api/v1/incidents/${id}`).catch(() => "no such incident");
    throw new Error(`${err.message}\n${JSON.stringify(detail)}`);
  });
  const { incident } = await getJson<{ incident: { actions: { solution: string }[] } }>(
    `${url}/api/v1/incidents/${id}`,
  );
  return incident.actions.map((action) => action.solution);
}

async function ranking(url: string) {
  const body = await getJson(`${url}/api/v1/knowledge?pattern=uptime_problems&platform=exec&scale=medium`);
  return KnowledgeResponse.parse(body).ranking ?? [];
}

async function runCli(args: string[]): Promise<string> {
  const run = runOrbtd(["knowledge", ...args]);
  const code = await run.exited;
  if (code !== 0) throw new Error(`orbtd knowledge ${args.join(" ")} exited ${code}:\n${run.output()}`);
  return run.output();
}

describe("knowledge across runs", () => {
  it("ranks the remedy that worked first in the next run, and after export, a fresh data dir and import", async () => {
    service = await startFlakyService("ok");
    const first = await writeFlakyConfig(service);
    let daemon = await daemons.start(first);

    // Nothing known: configuration order. The restart fails, the failover heals.
    expect(await breakAndRecover(daemon.url, service, "inc-1")).toEqual([
      "service_restart",
      "failover_activation",
    ]);
    // The restart failed once: the untried adjustment goes first now, and heals.
    expect(await breakAndRecover(daemon.url, service, "inc-2")).toEqual(["health_check_adjustment"]);
    const learned = await ranking(daemon.url);
    expect(learned[0]).toMatchObject({
      basis: "exact",
      entry: {
        solution: "health_check_adjustment",
        scale: "medium",
        tries: 1,
        successes: 1,
        provenance: "learned",
      },
    });
    expect(learned.at(-1)).toMatchObject({ entry: { solution: "service_restart", tries: 1, successes: 0 } });
    expect(learned[0]?.entry.meanRecoveryMs).toBeGreaterThan(0);

    // The next run, after kill -9: the store's knowledge picks the adjustment at once.
    daemon.child.kill("SIGKILL");
    await daemon.exited;
    daemon = await daemons.start(first);
    expect((await ranking(daemon.url))[0]?.entry.solution).toBe("health_check_adjustment");
    expect(await breakAndRecover(daemon.url, service, "inc-3")).toEqual(["health_check_adjustment"]);

    // Exported, then imported into a daemon with a fresh data dir.
    const exportDir = await makeWorkDir();
    const file = join(exportDir, "knowledge.yaml");
    await runCli(["export", "--url", daemon.url, "--output", file]);
    const exported = KnowledgeFile.parse(parse(await readFile(file, "utf8")));
    expect(exported.entries).toContainEqual(
      expect.objectContaining({ solution: "health_check_adjustment", tries: 2, successes: 2 }),
    );
    // The old daemon stops: two daemons healing one service would race for its incidents.
    daemon.child.kill("SIGKILL");
    await daemon.exited;
    const fresh = await daemons.start(await writeFlakyConfig(service));
    expect((await ranking(fresh.url))[0]?.entry.provenance).toBe("catalog");
    expect(await runCli(["import", file, "--url", fresh.url])).toContain(
      `imported ${exported.entries.length} rows`,
    );

    const imported = await ranking(fresh.url);
    expect(imported[0]).toMatchObject({
      entry: { solution: "health_check_adjustment", tries: 2, successes: 2, provenance: "imported" },
    });
    expect(imported.at(-1)).toMatchObject({ entry: { solution: "service_restart", provenance: "imported" } });
    expect(await breakAndRecover(fresh.url, service, "inc-1")).toEqual(["health_check_adjustment"]);
    const shown = await runCli([
      "show",
      "uptime_problems",
      "--platform",
      "exec",
      "--scale",
      "medium",
      "--url",
      fresh.url,
    ]);
    expect(shown).toMatch(/^1\. health_check_adjustment {2}score 0\.\d+ \(exact\) {2}3\/3 ok/m);
  });

  it("measures a service's scale from its own series and learns its outcomes at that scale", async () => {
    service = await startFlakyService("ok");
    // A counter of 100 requests per second: large, past the default band of 50.
    const startedAt = Date.now();
    const metrics = await startLocalHttpServer((_request, response) => {
      response.setHeader("content-type", "text/plain; version=0.0.4");
      response.end(`http_requests_total ${Math.floor((Date.now() - startedAt) / 10)}\n`);
    });
    try {
      const config = await writeFlakyConfig(service, {
        remedies: [{ solution: "service_restart", action: "heal" }],
        serviceExtra: [
          `    scrape: [{ url: ${JSON.stringify(`${metrics.url}/metrics`)}, interval: 200ms }]`,
          '    request_rate: sum(rate(http_requests_total{job="web"}[2s]))',
          "",
        ].join("\n"),
        extra: "knowledge: { measure_every: 300ms, rate_window: 2s }\n",
      });
      const daemon = await daemons.start(config);
      await waitFor("web measured large", async () => {
        const status = await getJson<{ services: { name: string; scale: string | null }[] }>(
          `${daemon.url}/api/v1/status`,
        );
        return status.services.find((each) => each.name === "web" && each.scale === "large");
      });

      expect(await breakAndRecover(daemon.url, service, "inc-1")).toEqual(["service_restart"]);
      const body = await getJson(`${daemon.url}/api/v1/knowledge?pattern=uptime_problems&scale=large`);
      expect(KnowledgeResponse.parse(body).knowledge).toEqual([
        expect.objectContaining({
          solution: "service_restart",
          platform: "exec",
          scale: "large",
          tries: 1,
          successes: 1,
        }),
      ]);
    } finally {
      await metrics.close();
    }
  });
});

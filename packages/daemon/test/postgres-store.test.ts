import { existsSync } from "node:fs";
import { join } from "node:path";
import type { IncidentsResponse } from "@orbt/core";
import { expect, it } from "vitest";
import { getJson, killAfterEach, makeWorkDir, writeBaseConfig } from "./support/orbtd-process.js";
import {
  describeDialect,
  POSTGRES_DIALECT,
  type StoreFixture,
  useDialectFixtures,
} from "./support/store-dialects.js";
import { waitFor } from "./support/wait-for.js";

function connectionStringOf(fixture: StoreFixture): string {
  if (fixture.options.kind !== "postgres") throw new Error("expected a Postgres fixture");
  return fixture.options.connectionString;
}

async function reportFailing(url: string, service: string): Promise<void> {
  const response = await fetch(`${url}/api/v1/health`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service, status: "failing" }),
  });
  expect(response.status).toBe(202);
}

async function listIncidents(url: string): Promise<IncidentsResponse["incidents"]> {
  return (await getJson<IncidentsResponse>(`${url}/api/v1/incidents`)).incidents;
}

async function waitForIncidentOf(url: string, service: string): Promise<IncidentsResponse["incidents"]> {
  return waitFor(`an incident of ${service}`, async () => {
    const incidents = await listIncidents(url);
    return incidents.some((incident) => incident.service === service) ? incidents : undefined;
  });
}

describeDialect("orbtd on a Postgres store", POSTGRES_DIALECT, () => {
  // Registered before the daemons' hook, so it runs after it: every orbtd is gone before its schema is dropped.
  const { createFixture } = useDialectFixtures(POSTGRES_DIALECT);
  const daemons = killAfterEach();

  it("keeps an incident in the config's store.postgres across a SIGKILL and a restart", async () => {
    const fixture = await createFixture();
    const dir = await makeWorkDir();
    const config = await writeBaseConfig(
      dir,
      `store:\n  postgres: ${JSON.stringify(connectionStringOf(fixture))}\n`,
    );
    const first = await daemons.start(config);
    expect(first.output()).toContain('"store":"postgres"');
    await reportFailing(first.url, "api");
    const before = await waitForIncidentOf(first.url, "api");
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    const second = await daemons.start(config);
    expect(await listIncidents(second.url)).toEqual(before);
    expect(await fixture.selectRows("select id, service from incidents")).toEqual([
      { id: before[0]?.id, service: "api" },
    ]);
    expect(existsSync(join(dir, "data", "orbt.db"))).toBe(false);
  });

  it("opens the store ORBT_STORE_URL names rather than the config's", async () => {
    const fixture = await createFixture();
    const dir = await makeWorkDir();
    // Nothing listens on port 1: starting at all shows the variable won.
    const config = await writeBaseConfig(dir, `store:\n  postgres: "postgres://orbt@127.0.0.1:1/none"\n`);
    const daemon = await daemons.start(config, { ORBT_STORE_URL: connectionStringOf(fixture) });
    await reportFailing(daemon.url, "web");
    await waitForIncidentOf(daemon.url, "web");
    expect(await fixture.selectRows("select service from incidents")).toEqual([{ service: "web" }]);
  });
});

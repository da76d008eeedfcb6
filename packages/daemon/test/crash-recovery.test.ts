import { join } from "node:path";
import type { IncidentResponse } from "@orbt/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { flakyServiceConfig } from "./support/config-yaml.js";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { getJson, killAfterEach, makeWorkDir, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();
let service: FlakyService | undefined;

afterEach(async () => {
  await service?.close();
});

describe("orbtd killed with SIGKILL during a remedy", () => {
  it("keeps the incident, never re-runs the remedy, verifies it and resolves", async () => {
    service = await startFlakyService("ok");
    const dir = await makeWorkDir();
    const dataDir = join(dir, "data");
    const config = await writeConfig(
      dir,
      flakyServiceConfig({
        port: await freePort(),
        dataDir,
        healthUrl: service.healthUrl,
        controlUrl: service.controlUrl,
        // Slow enough to be killed in the middle of it; it heals the service when it completes, and the
        // verify window is long enough to cover that however long the restart takes.
        remedies: [{ solution: "service_restart", action: "heal", sleepMs: 2000, verifyFor: "8s" }],
      }),
    );
    const first = await daemons.start(config);
    await service.setMode("failing");
    await waitFor("remedy started", async () => (service!.counts.remedyStarts > 0 ? true : undefined));
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    // The journal and the action intent were committed before the remedy's process started.
    const db = new Database(join(dataDir, "orbt.db"), { readonly: true });
    const actions = db.prepare("select id, state from actions").all();
    const journaled = db.prepare("select type from events order by seq").all();
    db.close();
    expect(actions).toEqual([{ id: "inc-1.001", state: "intent" }]);
    // The symptom, then its re-check right before the remedy started.
    expect(journaled).toEqual([{ type: "SymptomSeen" }, { type: "SymptomRechecked" }]);

    const second = await daemons.start(config);
    const resolved = await waitFor("incident resolved after restart", async () => {
      const { incident } = await getJson<IncidentResponse>(`${second.url}/api/v1/incidents/inc-1`);
      return incident.state === "resolved" ? incident : undefined;
    });
    expect(resolved).toMatchObject({ id: "inc-1", strike: 1, resolution: "remedied" });
    expect(resolved.actions).toHaveLength(1);
    expect(resolved.actions[0]).toMatchObject({
      actionId: "inc-1.001",
      outcome: "interrupted",
      verify: "passed",
    });
    expect(resolved.timeline.map((entry) => entry.kind)).toContain("remedy_interrupted");
    expect(service.counts.remedyStarts).toBe(1);

    const after = new Database(join(dataDir, "orbt.db"), { readonly: true });
    expect(after.prepare("select state from actions where id = 'inc-1.001'").get()).toEqual({
      state: "interrupted",
    });
    expect(after.prepare("select state from incidents where id = 'inc-1'").get()).toEqual({
      state: "resolved",
    });
    after.close();
  });
});

describe("orbtd stopped with SIGTERM during a remedy", () => {
  it("waits out the grace period, stops the remedy, exits 0, and verifies instead of re-running on start", async () => {
    service = await startFlakyService("ok");
    const dir = await makeWorkDir();
    const dataDir = join(dir, "data");
    const config = await writeConfig(
      dir,
      flakyServiceConfig({
        port: await freePort(),
        dataDir,
        healthUrl: service.healthUrl,
        controlUrl: service.controlUrl,
        remedies: [{ solution: "service_restart", action: "heal", sleepMs: 4000 }],
        shutdownGrace: "300ms",
      }),
    );
    const first = await daemons.start(config);
    await service.setMode("failing");
    await waitFor("remedy started", async () => (service!.counts.remedyStarts > 0 ? true : undefined));
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    // The remedy was stopped with the daemon: it never got to heal the service.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(service.counts.heals).toBe(0);
    const db = new Database(join(dataDir, "orbt.db"), { readonly: true });
    expect(db.prepare("select state from actions").all()).toEqual([{ state: "intent" }]);
    db.close();

    await service.setMode("ok");
    const second = await daemons.start(config);
    const resolved = await waitFor("resolved after restart", async () => {
      const { incident } = await getJson<IncidentResponse>(`${second.url}/api/v1/incidents/inc-1`);
      return incident.state === "resolved" ? incident : undefined;
    });
    expect(resolved.actions.map((action) => action.outcome)).toEqual(["interrupted"]);
    expect(service.counts.remedyStarts).toBe(1);
  });
});

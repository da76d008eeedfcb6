import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { type IncidentsResponse, ReadinessAssessment } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { getJson, killAfterEach, makeWorkDir, runOrbtd, writeConfig } from "./support/orbtd-process.js";
import { incidentOf } from "./support/orbtd-with-yaml.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

const daemons = killAfterEach();
let service: FlakyService | undefined;
afterEach(async () => {
  await service?.close();
});

async function configFor(dir: string, dataDir: string, yaml: string): Promise<string> {
  return writeConfig(
    dir,
    `listen: 127.0.0.1:${await freePort()}\ndata_dir: ${JSON.stringify(dataDir)}\notlp: false\n${yaml}`,
  );
}

/** The disaster recovery area of `orbtd readiness --config <config>`. */
async function disasterRecovery(config: string) {
  const run = runOrbtd(["readiness", "--config", config, "--json"]);
  expect(await run.exited, run.output()).toBe(0);
  return ReadinessAssessment.parse(JSON.parse(run.output())).areas.find(
    (area) => area.area === "disaster_recovery",
  )!;
}

const backupsIn = async (dir: string) =>
  (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith(".db")).sort();

describe("backups", () => {
  it("writes online backups on schedule, keeps the newest, and a daemon on a restored one serves the same incidents", async () => {
    service = await startFlakyService("failing");
    const dir = await makeWorkDir();
    const backupDir = join(dir, "backups");
    const config = await configFor(
      dir,
      join(dir, "data"),
      `backup: { schedule: "* * * * * *", keep: 2, dir: ${JSON.stringify(backupDir)} }
services:
  - name: web
    checks:
      - http: ${service.healthUrl}
        interval: 200ms
        timeout: 200ms
`,
    );
    const first = await daemons.start(config);
    const incident = await incidentOf(first.url, "web", "health_check_failures");
    // A backup taken after the incident opened, with older ones rotated out along the way.
    const afterIncident = await backupsIn(backupDir);
    const backup = await waitFor("a backup after the incident opened, and two rotated out", async () => {
      const now = await backupsIn(backupDir);
      const fresh = now.filter((name) => !afterIncident.includes(name));
      return fresh.length >= 2 && now.length === 2 ? now.at(-1) : undefined;
    });
    expect(first.output()).toContain('"msg":"backup written"');
    first.child.kill("SIGKILL");
    await first.exited;
    const untested = await disasterRecovery(config);
    expect(untested.findings.map((finding) => `${finding.fact}:${finding.status}`)).toEqual([
      "backup_configured:met",
      "backup_recent:met",
      "restore_tested:missing",
    ]);

    const restoredDir = await makeWorkDir();
    const restoredConfig = await configFor(
      restoredDir,
      join(restoredDir, "data"),
      "services:\n  - name: web\n",
    );
    const restore = runOrbtd(["restore", "--from", join(backupDir, backup!), "--config", restoredConfig]);
    expect(await restore.exited).toBe(0);
    expect(restore.output()).toMatch(/restored .* into .*orbt\.db \(\d+ events, 1 incidents\), verified/);
    expect(restore.output()).toContain(`logged in ${backupDir}/restores.jsonl`);
    // The restore test shows in the readiness of the daemon whose backups these are.
    const tested = await disasterRecovery(config);
    expect(tested.findings[2]).toMatchObject({ fact: "restore_tested", status: "met" });
    expect(tested.findings[2]!.detail).toBe(`a backup in ${backupDir} was restored and verified today`);
    expect(tested.score).toBeGreaterThan(untested.score);

    const second = await daemons.start(restoredConfig);
    const { incidents } = await getJson<IncidentsResponse>(`${second.url}/api/v1/incidents`);
    expect(incidents.map((each) => [each.id, each.service, each.symptom])).toEqual([
      [incident.id, "web", "health_check_failures"],
    ]);
    second.child.kill("SIGKILL");
    await second.exited;

    const again = runOrbtd(["restore", "--from", join(backupDir, backup!), "--config", restoredConfig]);
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain("is not empty (orbt.db");
    expect(again.output()).toContain("restore only into an empty one");
  });

  it("refuses a file that is not an Orbt store", async () => {
    const dir = await makeWorkDir();
    const config = await configFor(dir, join(dir, "data"), "");
    const restore = runOrbtd(["restore", "--from", config, "--config", config]);
    expect(await restore.exited).toBe(1);
    expect(restore.output()).toContain("is not an Orbt store");
  });
});

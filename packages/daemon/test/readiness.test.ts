import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ReadinessArea, ReadinessAssessment } from "@orbt/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FlakyService, startFlakyService } from "./support/flaky-service.js";
import { getJson, killAfterEach, makeWorkDir, runOrbtd, writeConfig } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { startTlsServer, type TlsServer } from "./support/tls-server.js";
import { waitFor } from "./support/wait-for.js";

const DAY_MS = 86_400_000;
const TESTDATA = fileURLToPath(new URL("../src/signals/rules/testdata", import.meta.url));

async function readiness(args: readonly string[]) {
  const run = runOrbtd(["readiness", ...args]);
  const exitCode = await run.exited;
  return { exitCode, output: run.output() };
}

async function assess(config: string) {
  const run = await readiness(["--config", config, "--json"]);
  expect(run.exitCode, run.output).toBe(0);
  return ReadinessAssessment.parse(JSON.parse(run.output));
}

function findingsOf(assessment: ReadinessAssessment, area: ReadinessArea) {
  return assessment.areas.find((each) => each.area === area)?.findings.map((f) => `${f.fact}:${f.status}`);
}

function scoreOf(assessment: ReadinessAssessment, area: ReadinessArea) {
  return assessment.areas.find((each) => each.area === area)?.score;
}

describe("orbtd readiness (built CLI)", () => {
  let lasting: TlsServer;
  let expiring: TlsServer;
  let dir: string;
  let sample: string;

  beforeAll(async () => {
    lasting = await startTlsServer(60 * DAY_MS);
    expiring = await startTlsServer(3 * DAY_MS);
    dir = await makeWorkDir();
    await mkdir(join(dir, "rules"));
    await copyFile(join(TESTDATA, "alerts.yml"), join(dir, "rules", "alerts.yml"));
    await copyFile(join(TESTDATA, "passing.test.yml"), join(dir, "rules", "alerts.test.yml"));
    sample = `data_dir: data
otlp: false
rule_files: [rules/alerts.yml]
services:
  - name: web
    checks:
      - tls: { address: ${lasting.address}, ca: ${JSON.stringify(lasting.caFile)}, min_days_left: 1 }
      - tls: { address: ${expiring.address}, ca: ${JSON.stringify(expiring.caFile)}, min_days_left: 1 }
  - name: worker
    sla: { availability: 99.9 }
`;
  });
  afterAll(async () => {
    await lasting.close();
    await expiring.close();
  });

  it("scores a sample config from its facts, and a listed fix (a token and a recent backup) raises the score", async () => {
    const before = await assess(await writeConfig(dir, sample));
    expect(findingsOf(before, "security")).toEqual([
      "tokens:missing",
      "loopback_bind:met",
      "certificate_expiry:met",
      "certificate_expiry:missing",
    ]);
    expect(findingsOf(before, "monitoring")).toEqual([
      "service_watched:met",
      "service_watched:missing",
      "alert_rules_tested:met",
      "monitoring_effectiveness:missing",
    ]);
    expect(findingsOf(before, "performance")).toEqual(["sla_defined:missing", "sla_defined:met"]);
    expect(findingsOf(before, "availability")).toEqual([
      "ha_store:missing",
      "second_daemon:missing",
      "sla_uptime_met:unknown",
    ]);
    expect(findingsOf(before, "disaster_recovery")).toEqual([
      "backup_configured:missing",
      "restore_tested:missing",
    ]);

    const backupDir = join(dir, "backups");
    await mkdir(backupDir);
    await writeFile(join(backupDir, "orbt-20261207T031500123Z.db"), "");
    const fixed = `${sample}tokens: [{ name: ops, token: s3cret, role: operator }]
backup: { schedule: "0 3 * * *", dir: backups }
`;
    const after = await assess(await writeConfig(dir, fixed));
    expect(findingsOf(after, "security")?.[0]).toBe("tokens:met");
    expect(findingsOf(after, "disaster_recovery")).toEqual([
      "backup_configured:met",
      "backup_recent:met",
      "restore_tested:missing",
    ]);
    expect(scoreOf(after, "security")).toBeGreaterThan(scoreOf(before, "security") ?? 100);
    expect(scoreOf(after, "disaster_recovery")).toBeGreaterThan(scoreOf(before, "disaster_recovery") ?? 100);
    expect(after.score).toBeGreaterThan(before.score);

    const gate = await readiness([
      "--config",
      join(dir, "orbt.yaml"),
      "--min-score",
      String(after.score + 1),
    ]);
    expect(gate.exitCode).toBe(1);
    expect(gate.output).toContain(`score ${after.score} is below --min-score ${after.score + 1}`);
    expect(gate.output).toContain("fix: store: { postgres: postgres://… }");
    const passing = await readiness(["--config", join(dir, "orbt.yaml"), "--min-score", String(after.score)]);
    expect(passing.exitCode).toBe(0);
    expect(passing.output).toContain(`readiness of orbt (dev): ${after.score}/100`);
  });

  it("refuses a --min-score that is not a whole number from 0 to 100, and a bad config, naming the problem", async () => {
    const badScore = await readiness(["--min-score", "high"]);
    expect(badScore.exitCode).toBe(2);
    expect(badScore.output).toContain(
      `option '--min-score <n>' argument 'high' is invalid. expected a whole number from 0 to 100`,
    );
    expect((await readiness(["--min-score", "101"])).exitCode).toBe(2);
    const config = await writeConfig(await makeWorkDir(), "services:\n  - name: web\n    sla_typo: 1\n");
    const badConfig = await readiness(["--config", config]);
    expect(badConfig.exitCode).toBe(2);
    expect(badConfig.output).toContain("services[0]");
  });
});

describe("GET /api/v1/readiness (a running daemon)", () => {
  const daemons = killAfterEach();
  let service: FlakyService | undefined;
  afterAll(async () => {
    await service?.close();
  });

  it("judges each SLA over the daemon's probes: met while the service answers, missing once it fails", async () => {
    service = await startFlakyService("ok");
    const config = await writeConfig(
      await makeWorkDir(),
      `listen: 127.0.0.1:${await freePort()}
data_dir: data
otlp: false
services:
  - name: web
    sla: { availability: 99, latency_p99: 5s }
    checks:
      - http: ${service.healthUrl}
        interval: 200ms
        timeout: 200ms
`,
    );
    const daemon = await daemons.start(config);
    const slaFindings = async () => {
      const assessment = ReadinessAssessment.parse(await getJson(`${daemon.url}/api/v1/readiness`));
      return [
        ...(findingsOf(assessment, "availability") ?? []),
        ...(findingsOf(assessment, "performance") ?? []),
      ]
        .filter((finding) => finding.startsWith("sla_"))
        .sort();
    };
    await waitFor("the SLAs met over the first probes", async () => {
      const findings = await slaFindings();
      return findings.join() === "sla_defined:met,sla_latency_met:met,sla_uptime_met:met"
        ? findings
        : undefined;
    });
    await service.setMode("failing");
    await waitFor("the uptime SLA missed once probes fail", async () => {
      const findings = await slaFindings();
      return findings.includes("sla_uptime_met:missing") ? findings : undefined;
    });
  });
});

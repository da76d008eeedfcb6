import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type IncidentsResponse, ReplayReport, type ReplayTotals } from "@orbt/core";
import { beforeAll, describe, expect, it } from "vitest";
import { flakyServiceConfig, type RemedySpec } from "./support/config-yaml.js";
import { startFlakyService } from "./support/flaky-service.js";
import { getJson, makeWorkDir, runOrbtd, startOrbtd } from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

/** Runs `orbtd replay` to its end: its exit code and everything it printed. */
async function replay(args: readonly string[]): Promise<{ exitCode: number | string; output: string }> {
  const run = runOrbtd(["replay", ...args]);
  return { exitCode: await run.exited, output: run.output() };
}

/** The report `orbtd replay --json` printed, checked against its schema. */
function parseReport(output: string): ReplayReport {
  return ReplayReport.parse(JSON.parse(output));
}

/** The verify window of the recorded config: a replay that added or skipped one would be this far off. */
const VERIFY_WINDOW_MS = 800;

/**
 * Equal totals, but for the daemon's timer: it wakes after a deadline, later the busier the host, which the
 * replay's fake clock hits exactly. So the replay resolves no later than the recording, and less than a
 * verify window sooner.
 */
function expectAlike(replayed: ReplayTotals, recorded: ReplayTotals): void {
  const { meanTimeToResolveMs: replayedMs, ...replayedCounts } = replayed;
  const { meanTimeToResolveMs: recordedMs, ...recordedCounts } = recorded;
  expect(replayedCounts).toEqual(recordedCounts);
  expect(replayedMs!).toBeLessThanOrEqual(recordedMs! + 1);
  expect(recordedMs! - replayedMs!).toBeLessThan(VERIFY_WINDOW_MS);
}

async function stopGracefully(daemon: Awaited<ReturnType<typeof startOrbtd>>): Promise<void> {
  daemon.child.kill("SIGTERM");
  expect(await daemon.exited).toBe(0);
}

describe("orbtd replay of a recorded flaky service", () => {
  let dir: string;
  let dataDir: string;
  /** A config like the recorded one, with `remedies` instead of its restart. */
  let configWith: (name: string, remedies: readonly RemedySpec[]) => Promise<string>;

  beforeAll(async () => {
    const service = await startFlakyService("ok");
    dir = await makeWorkDir();
    dataDir = join(dir, "data");
    const port = await freePort();
    configWith = async (name, remedies) => {
      const file = join(dir, name);
      await writeFile(
        file,
        flakyServiceConfig({
          port,
          dataDir,
          healthUrl: service.healthUrl,
          controlUrl: service.controlUrl,
          remedies,
        }),
      );
      return file;
    };
    // Recorded: web fails, the restart heals it, the incident resolves; then the daemon stops.
    const daemon = await startOrbtd(
      await configWith("orbt.yaml", [{ solution: "service_restart", action: "heal" }]),
    );
    try {
      await service.setMode("failing");
      await waitFor("incident resolved", async () => {
        const { incidents } = await getJson<IncidentsResponse>(`${daemon.url}/api/v1/incidents`);
        return incidents[0]?.state === "resolved" ? true : undefined;
      });
      await stopGracefully(daemon);
    } finally {
      daemon.child.kill("SIGKILL");
      await service.close();
    }
  });

  it("prints, per incident, the restart done then and the escalation a config without remedies would do now", async () => {
    const noRemedy = await configWith("no-remedy.yaml", []);
    const { exitCode, output } = await replay(["--config", noRemedy, "--data-dir", dataDir]);
    expect(exitCode).toBe(0);
    expect(output).toMatch(
      /^replay of \S+Z to \S+Z with \S+no-remedy\.yaml: \d+ journal events, \d+ replayed$/m,
    );
    expect(output).toMatch(/^web uptime_problems \(health_check_failures\), opened \S+Z$/m);
    expect(output).toMatch(
      /^ {2}then inc-1: resolved \(remedied\) after \w+; service_restart \(strike 1, succeeded\)$/m,
    );
    // The symptom cleared when it was recorded to: the replay cannot know the restart was what healed it.
    expect(output).toMatch(
      /^ {2}now {2}inc-1: escalated \(no_remedy\), resolved \(self_recovered\) after \w+; no action$/m,
    );
    expect(output).toMatch(/^incidents +1 +1$/m);
    expect(output).toMatch(/^actions +1 +0$/m);
    expect(output).toMatch(/^escalations +0 +1$/m);
    expect(output).toMatch(/^resolved +1 +1$/m);
  });

  it("--json: a config keeping the solution ends its restart as the recorded one ended, and resolves alike", async () => {
    const noopRestart = await configWith("noop-restart.yaml", [
      { solution: "service_restart", action: "noop" },
    ]);
    const { exitCode, output } = await replay(["--config", noopRestart, "--data-dir", dataDir, "--json"]);
    expect(exitCode).toBe(0);
    const report = parseReport(output);
    expect(report.simulatedOutcomes).toEqual({ recorded: 1, assumed: 0 });
    expect(report.incidents).toHaveLength(1);
    const [incident] = report.incidents;
    expect(incident!.replayed).toMatchObject({
      kind: "incident",
      state: "resolved",
      resolution: "remedied",
      actions: [
        {
          solution: "service_restart",
          outcome: "succeeded",
          verify: "passed",
          simulated: { basis: "recorded", actionId: "inc-1.001" },
        },
      ],
    });
    expectAlike(report.summary.replayed, report.summary.recorded);
  });

  it("refuses with exit 2 a missing recording, an unreadable time and a span the journal does not cover", async () => {
    const config = join(dir, "orbt.yaml");
    const missing = await replay(["--config", config, "--data-dir", join(dir, "nowhere")]);
    expect(missing).toEqual({
      exitCode: 2,
      output: `${join(dir, "nowhere", "orbt.db")}: no recording found: is this the daemon's data directory?\n`,
    });
    const badTime = await replay(["--config", config, "--data-dir", dataDir, "--from", "yesterday"]);
    expect(badTime).toEqual({
      exitCode: 2,
      output: '--from: cannot parse "yesterday" to a valid timestamp\n',
    });
    const reversed = await replay(["--config", config, "--data-dir", dataDir, "--from", "20", "--to", "10"]);
    expect(reversed).toEqual({ exitCode: 2, output: "--from 20 is after --to 10\n" });
    // 2100-01-01: after anything recorded.
    const late = await replay(["--config", config, "--data-dir", dataDir, "--from", "4102444800"]);
    expect(late.exitCode).toBe(2);
    expect(late.output).toMatch(
      /^no journal events in --from 4102444800: the journal runs from \S+Z to \S+Z\n$/,
    );
  });
});

const STORM_SERVICES = Array.from({ length: 10 }, (_, index) => `svc-${index + 1}`);

describe("orbtd replay of a recorded storm", () => {
  let dir: string;
  let dataDir: string;
  let configWith: (name: string, remedies: string) => Promise<string>;

  beforeAll(async () => {
    dir = await makeWorkDir();
    dataDir = join(dir, "data");
    const port = await freePort();
    configWith = async (name, remedies) => {
      const file = join(dir, name);
      const services = STORM_SERVICES.map((service) => `  - name: ${service}`).join("\n");
      await writeFile(
        file,
        `project: shop
listen: 127.0.0.1:${port}
data_dir: ${JSON.stringify(dataDir)}
otlp: false
services:
${services}
remedies: ${remedies}
# All ten act at once, as the storm is meant to: past the default concurrency some would wait.
automation:
  concurrency: { per_service: 1, total: ${STORM_SERVICES.length} }
`,
      );
      return file;
    };
    // Recorded: every service reports failing at once, each is restarted, then all report ok.
    const restart = `\n  - { solution: service_restart, exec: ${JSON.stringify([process.execPath, "-e", "0"])}, verify_for: 3s }`;
    const daemon = await startOrbtd(await configWith("orbt.yaml", restart));
    try {
      const report = (service: string, status: string) =>
        fetch(`${daemon.url}/api/v1/health`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ service, status }),
        });
      const incidents = async () =>
        (await getJson<IncidentsResponse>(`${daemon.url}/api/v1/incidents?limit=100`)).incidents;
      await Promise.all(STORM_SERVICES.map((service) => report(service, "failing")));
      await waitFor("every service restarted", async () => {
        const opened = await incidents();
        return opened.length === STORM_SERVICES.length && opened.every((i) => i.strike === 1)
          ? true
          : undefined;
      });
      await Promise.all(STORM_SERVICES.map((service) => report(service, "ok")));
      await waitFor("every incident resolved", async () => {
        const all = await incidents();
        return all.length === STORM_SERVICES.length && all.every((i) => i.state === "resolved")
          ? true
          : undefined;
      });
      await stopGracefully(daemon);
    } finally {
      daemon.child.kill("SIGKILL");
    }
  });

  it("acts on every service under the recorded remedies and on none, escalating each, without them", async () => {
    const same = await replay(["--config", join(dir, "orbt.yaml"), "--data-dir", dataDir, "--json"]);
    expect(same.exitCode).toBe(0);
    const { summary } = parseReport(same.output);
    expect(summary.recorded).toMatchObject({ incidents: 10, actions: 10, escalations: 0, resolved: 10 });
    expectAlike(summary.replayed, summary.recorded);

    const none = await replay(["--config", await configWith("none.yaml", "[]"), "--data-dir", dataDir]);
    expect(none.exitCode).toBe(0);
    expect(none.output).toMatch(/^actions +10 +0$/m);
    expect(none.output).toMatch(/^escalations +0 +10$/m);
    expect(none.output.match(/^ {2}now {2}inc-\d+: escalated \(no_remedy\); no action$/gm)).toHaveLength(10);
  });
});

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { IncidentsResponse } from "@orbt/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "./support/local-http-server.js";
import { getJson, killAfterEach, makeWorkDir, writeBaseConfig } from "./support/orbtd-process.js";
import { waitFor } from "./support/wait-for.js";

type PrometheusAlert = { labels: Record<string, string>; state: string; activeAt: string };

let exporter: LocalHttpServer | undefined;
/** What the exporter reports; above 100 the alert's condition holds. */
let queueDepth = 500;

const daemons = killAfterEach();

afterEach(async () => {
  await exporter?.close();
  exporter = undefined;
  queueDepth = 500;
});

async function startExporter(): Promise<string> {
  exporter = await startLocalHttpServer((_request, res) => {
    res.setHeader("content-type", "text/plain; version=0.0.4");
    res.end(`# TYPE demo_queue_depth gauge\ndemo_queue_depth ${queueDepth}\n`);
  });
  return `${exporter.url}/metrics`;
}

/** A daemon scraping the exporter, with one alert on it held `for` the given duration. */
async function writeSetup(forDuration: string): Promise<{ config: string; dataDir: string }> {
  const dir = await makeWorkDir();
  await writeFile(
    join(dir, "rules.yml"),
    `groups:
  - name: queues
    interval: 1s
    rules:
      - alert: QueueBacklog
        expr: demo_queue_depth > 100
        for: ${forDuration}
        labels: { orbt_pattern: performance_issues, orbt_symptom: resource_exhaustion }
`,
  );
  const config = await writeBaseConfig(
    dir,
    `rule_files: [rules.yml]
rules: { for_grace_period: 1s }
services:
  - name: api
    scrape:
      - url: ${await startExporter()}
        interval: 500ms
        timeout: 500ms
`,
  );
  return { config, dataDir: join(dir, "data") };
}

async function findAlert(url: string): Promise<PrometheusAlert | undefined> {
  const { data } = await getJson<{ data: { alerts: PrometheusAlert[] } }>(`${url}/prometheus/api/v1/alerts`);
  return data.alerts.find((alert) => alert.labels.alertname === "QueueBacklog");
}

function readSavedForState(dataDir: string): { lastEvaluatedAt: number; activeAt: number } {
  const db = new Database(join(dataDir, "orbt.db"), { readonly: true });
  try {
    return db
      .prepare(
        `select g.last_evaluated_at as lastEvaluatedAt, a.active_at as activeAt
         from alert_for_state a join rule_group_evaluations g using (group_file, group_name)`,
      )
      .get() as { lastEvaluatedAt: number; activeAt: number };
  } finally {
    db.close();
  }
}

describe("orbtd killed with SIGKILL while an alert with `for` is active", () => {
  it("fires a firing alert again with its activeAt, and opens no second incident", async () => {
    const { config } = await writeSetup("3s");
    const first = await daemons.start(config);
    const firing = await waitFor("alert firing", async () => {
      const alert = await findAlert(first.url);
      return alert?.state === "firing" ? alert : undefined;
    });
    const { incidents: before } = await getJson<IncidentsResponse>(`${first.url}/api/v1/incidents`);
    expect(before).toHaveLength(1);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    const second = await daemons.start(config);
    // Without the restore the alert would wait out its `for` again from a new activeAt.
    const refired = await waitFor("alert firing after the restart", async () => {
      const alert = await findAlert(second.url);
      return alert?.state === "firing" ? alert : undefined;
    });
    expect(refired.activeAt).toBe(firing.activeAt);
    const { incidents: after } = await getJson<IncidentsResponse>(`${second.url}/api/v1/incidents`);
    expect(after.map(({ id, activeSources }) => ({ id, activeSources }))).toEqual(
      before.map(({ id, activeSources }) => ({ id, activeSources })),
    );
  });

  it("keeps a pending alert's time spent pending, not counting the downtime", async () => {
    const { config, dataDir } = await writeSetup("1h");
    const first = await daemons.start(config);
    const pending = await waitFor("alert pending for 3s", async () => {
      const alert = await findAlert(first.url);
      return alert !== undefined && Date.now() - Date.parse(alert.activeAt) >= 3_000 ? alert : undefined;
    });
    first.child.kill("SIGKILL");
    await first.exited;
    const saved = readSavedForState(dataDir);
    expect(saved.activeAt).toBe(Date.parse(pending.activeAt));

    const second = await daemons.start(config);
    const restoreLog = await waitFor("for-state restored", async () => {
      const line = second
        .output()
        .split("\n")
        .find((each) => each.includes('"msg":"alert for-state restored"'));
      return line === undefined ? undefined : (JSON.parse(line) as { time: number; restored: number });
    });
    expect(restoreLog.restored).toBe(1);
    const alert = await findAlert(second.url);
    expect(alert?.state).toBe("pending");
    // Prometheus's arithmetic in whole seconds: activeAt moves by the downtime, from the last evaluation
    // before the kill to the restore. Starting over would put it at the restart's first evaluation instead.
    const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
    const expectedMs = toSecond(saved.activeAt) + (restoreLog.time - toSecond(saved.lastEvaluatedAt));
    expect(Math.abs(Date.parse(alert!.activeAt) - expectedMs)).toBeLessThan(250);
  });

  it("clears the symptom of a firing alert that stopped while orbtd was down", async () => {
    const { config } = await writeSetup("1s");
    const first = await daemons.start(config);
    const { incidents } = await waitFor("an incident with the alert's symptom", async () => {
      const body = await getJson<IncidentsResponse>(`${first.url}/api/v1/incidents`);
      return body.incidents[0]?.activeSources.length === 1 ? body : undefined;
    });
    first.child.kill("SIGKILL");
    await first.exited;
    queueDepth = 5;

    const second = await daemons.start(config);
    // No `resolved` transition can report it: the restarted rule group never saw the alert fire.
    const cleared = await waitFor("the incident's symptom cleared", async () => {
      const { incident } = await getJson<{ incident: IncidentsResponse["incidents"][number] }>(
        `${second.url}/api/v1/incidents/${incidents[0]?.id}`,
      );
      return incident.activeSources.length === 0 ? incident : undefined;
    });
    expect(cleared.id).toBe(incidents[0]?.id);
    // The log line may reach the pipe after the API already shows the symptom cleared.
    await waitFor("the log line naming the stopped alert", async () =>
      second.output().includes('"msg":"alert stopped while orbtd was down"') ? true : undefined,
    );
  });
});

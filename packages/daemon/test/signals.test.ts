import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Incident, IncidentResponse, IncidentsResponse } from "@orbt/core";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalHttpServer, startLocalHttpServer } from "./support/local-http-server.js";
import {
  getJson,
  killAfterEach,
  makeWorkDir,
  writeBaseConfig,
  writeConfig,
} from "./support/orbtd-process.js";
import { freePort } from "./support/ports.js";
import { waitFor } from "./support/wait-for.js";

let exporter: LocalHttpServer | undefined;

const daemons = killAfterEach();

afterEach(async () => {
  await exporter?.close();
  exporter = undefined;
});

async function findIncident(url: string, service: string): Promise<Incident | undefined> {
  const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents`);
  const summary = incidents.find((incident) => incident.service === service);
  if (summary === undefined) return undefined;
  return (await getJson<IncidentResponse>(`${url}/api/v1/incidents/${summary.id}`)).incident;
}

async function instantValue(url: string, query: string): Promise<string | undefined> {
  const body = await getJson<{ data: { result: { value: [number, string] }[] } }>(
    `${url}/prometheus/api/v1/query?query=${encodeURIComponent(query)}`,
  );
  return body.data.result[0]?.value[1];
}

describe("signals into a running orbtd", () => {
  it("scrapes a target, answers PromQL over it, and turns a firing alert rule into a symptom", async () => {
    let latencySeconds = 0.1;
    exporter = await startLocalHttpServer((_request, res) => {
      res.setHeader("content-type", "text/plain; version=0.0.4");
      res.end(
        `# TYPE demo_latency_seconds gauge\ndemo_latency_seconds{route="/checkout"} ${latencySeconds}\n`,
      );
    });
    const dir = await makeWorkDir();
    await writeFile(
      join(dir, "rules.yml"),
      `groups:
  - name: latency
    interval: 200ms
    rules:
      - alert: HighLatency
        expr: demo_latency_seconds > 1
        labels: { orbt_pattern: performance_issues, orbt_symptom: high_response_times }
        annotations: { summary: "checkout latency {{ $value }}s" }
`,
    );
    const config = await writeConfig(
      dir,
      `listen: 127.0.0.1:${await freePort()}
data_dir: ${JSON.stringify(join(dir, "data"))}
otlp: false
rule_files: [rules.yml]
# Only the rule file's group: the shipped rules have their own tests.
default_rules: false
services:
  - name: api
    scrape:
      - url: ${exporter.url}/metrics
        interval: 200ms
        timeout: 200ms
`,
    );
    const daemon = await daemons.start(config);
    const { url } = daemon;

    await waitFor("scraped sample", async () => await instantValue(url, 'demo_latency_seconds{job="api"}'));
    expect(await instantValue(url, 'up{job="api"}')).toBe("1");
    expect(await findIncident(url, "api")).toBeUndefined();

    latencySeconds = 5;
    const incident = await waitFor("alert-driven incident", () => findIncident(url, "api"));
    expect(incident).toMatchObject({ pattern: "performance_issues", symptom: "high_response_times" });
    expect(incident.timeline[0]?.message).toContain("checkout latency 5s");
    expect(incident.activeSources).toEqual([expect.stringMatching(/^alert:HighLatency:/)]);
    await waitFor("ALERTS series", async () => await instantValue(url, 'ALERTS{alertstate="firing"}'));
    const { data: rules } = await getJson<{
      data: {
        groups: { name: string; rules: { name: string; query: string; state: string; health: string }[] }[];
      };
    }>(`${url}/prometheus/api/v1/rules`);
    expect(rules.groups).toEqual([
      expect.objectContaining({
        name: "latency",
        rules: [
          expect.objectContaining({
            name: "HighLatency",
            query: "demo_latency_seconds > 1",
            state: "firing",
            health: "ok",
          }),
        ],
      }),
    ]);
    const { data: alerts } = await getJson<{
      data: { alerts: { labels: Record<string, string>; state: string }[] };
    }>(`${url}/prometheus/api/v1/alerts`);
    expect(alerts.alerts).toEqual([
      expect.objectContaining({
        state: "firing",
        labels: expect.objectContaining({ alertname: "HighLatency", job: "api" }),
      }),
    ]);

    latencySeconds = 0.1;
    await waitFor("symptom cleared by the resolved alert", async () => {
      const current = await findIncident(url, "api");
      return current?.activeSources.length === 0 ? current : undefined;
    });
  });

  it("takes Alertmanager webhooks: one incident per alert however often it is sent, cleared when resolved", async () => {
    const dir = await makeWorkDir();
    const { url } = await daemons.start(await writeBaseConfig(dir));
    const notify = (status: "firing" | "resolved") =>
      postAlertmanagerWebhook(url, status, {
        alertname: "DiskFull",
        service: "db",
        orbt_pattern: "performance_issues",
        orbt_symptom: "resource_exhaustion",
      });
    await Promise.all([notify("firing"), notify("firing"), notify("firing")]);
    const incident = await waitFor("incident from the webhook", () => findIncident(url, "db"));
    expect(incident).toMatchObject({ symptom: "resource_exhaustion", state: "escalated" });
    const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents`);
    expect(incidents).toHaveLength(1);
    await notify("resolved");
    await waitFor("cleared", async () => {
      const current = await findIncident(url, "db");
      return current?.activeSources.length === 0 ? current : undefined;
    });
  });

  it("maps an Alertmanager alert without orbt_ labels through the config's symptoms", async () => {
    const dir = await makeWorkDir();
    const { url } = await daemons.start(
      await writeBaseConfig(
        dir,
        "symptoms:\n  - match: { alertname: QueueStuck }\n    pattern: deployment_failures\n    symptom: dependency_issues\n",
      ),
    );
    expect(await postAlertmanagerWebhook(url, "firing", { alertname: "QueueStuck", job: "worker" })).toEqual({
      alerts: 1,
      raised: 1,
      cleared: 0,
      unmapped: 0,
    });
    const incident = await waitFor("incident from the mapped alert", () => findIncident(url, "worker"));
    expect(incident).toMatchObject({
      service: "worker",
      pattern: "deployment_failures",
      symptom: "dependency_issues",
    });
  });
});

/** Posts one alert as Alertmanager's webhook receiver does (payload version 4); resolves with the answer. */
async function postAlertmanagerWebhook(
  url: string,
  status: "firing" | "resolved",
  labels: Readonly<Record<string, string>>,
): Promise<unknown> {
  const alert = {
    status,
    labels,
    annotations: { summary: "disk 97% full" },
    startsAt: "2026-11-26T07:00:00Z",
    endsAt: status === "firing" ? "0001-01-01T00:00:00Z" : "2026-11-26T07:10:00Z",
    generatorURL: "",
    fingerprint: "c0ffee0000000001",
  };
  const response = await fetch(`${url}/api/v1/alerts/alertmanager`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      version: "4",
      groupKey: "{}:{}",
      truncatedAlerts: 0,
      status,
      receiver: "orbt",
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: "http://127.0.0.1:9093",
      alerts: [alert],
    }),
  });
  expect(response.status).toBeLessThan(300);
  return response.json();
}

import { SEED_PATTERNS } from "@orbt/core";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { RecordingSink } from "../../../test/support/recording-sink.js";
import { DEFAULT_INGEST_LIMITS } from "../ingest/ingest-limits.js";
import { registerIngestMetrics } from "../ingest/ingest-metrics.js";
import { createAlertmanagerApp } from "./create-alertmanager-app.js";

function alert(status: "firing" | "resolved", fingerprint: string, labels: Record<string, string> = {}) {
  const withDefaults: Record<string, string> = {
    alertname: "HighLatency",
    service: "checkout",
    orbt_pattern: "performance_issues",
    orbt_symptom: "high_response_times",
    ...labels,
  };
  return {
    status,
    labels: withDefaults,
    annotations: {},
    startsAt: "2026-11-26T07:00:00Z",
    endsAt: status === "firing" ? "0001-01-01T00:00:00Z" : "2026-11-26T07:10:00Z",
    generatorURL: "",
    fingerprint,
  };
}

function webhook(alerts: readonly ReturnType<typeof alert>[]) {
  return {
    version: "4",
    groupKey: "{}:{}",
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === "firing") ? "firing" : "resolved",
    receiver: "orbt",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://127.0.0.1:9093",
    alerts,
  };
}

function setUp() {
  const sink = new RecordingSink();
  const registry = new Registry();
  const app = createAlertmanagerApp({
    sink,
    limits: { ...DEFAULT_INGEST_LIMITS, maxBodyBytes: 8192 },
    metrics: registerIngestMetrics(registry),
    mappings: [
      { match: { alertname: "QueueStuck" }, pattern: "deployment_failures", symptom: "dependency_issues" },
    ],
    patterns: SEED_PATTERNS,
  });
  const post = (body: unknown) =>
    app.request("/api/v1/alerts/alertmanager", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { sink, registry, post };
}

describe("createAlertmanagerApp", () => {
  it("raises a firing alert once across repeats and HA duplicates, and clears it when resolved", async () => {
    const { sink, post } = setUp();
    const firing = webhook([alert("firing", "aa11")]);
    const deliveries = await Promise.all([post(firing), post(firing), post(firing)]);
    expect(deliveries.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(sink.events).toEqual([
      {
        type: "SymptomSeen",
        service: "checkout",
        pattern: "performance_issues",
        symptom: "high_response_times",
        source: "alertmanager:aa11",
        detail: "alert aa11 firing since 2026-11-26T07:00:00.000Z",
      },
    ]);
    await post(webhook([alert("resolved", "aa11")]));
    await post(webhook([alert("resolved", "aa11")]));
    expect(sink.events.slice(1)).toEqual([
      {
        type: "SymptomCleared",
        service: "checkout",
        pattern: "performance_issues",
        source: "alertmanager:aa11",
      },
    ]);
  });

  it("never acts on an alert that arrives already resolved, and counts unmapped alerts", async () => {
    const { sink, post, registry } = setUp();
    const response = await post(
      webhook([alert("resolved", "bb22"), alert("firing", "cc33", { service: "", job: "" })]),
    );
    expect(await response.json()).toEqual({ alerts: 2, raised: 0, cleared: 0, unmapped: 1 });
    expect(sink.events).toEqual([]);
    expect(await registry.metrics()).toContain(
      'orbt_ingest_alerts_total{receiver="alertmanager",outcome="rejected",reason="no_service"} 1',
    );
  });

  it("maps an alert without orbt_ labels through the config's symptoms, as alerts of rules are mapped", async () => {
    const { sink, post, registry } = setUp();
    const bare = { service: "checkout" };
    const response = await post(
      webhook([
        { ...alert("firing", "dd44"), labels: { ...bare, alertname: "QueueStuck" } },
        { ...alert("firing", "ee55"), labels: { ...bare, alertname: "Unlisted" } },
        alert("firing", "ff66", { orbt_pattern: "uptime_problems", orbt_symptom: "memory_leaks" }),
      ]),
    );
    expect(await response.json()).toEqual({ alerts: 3, raised: 1, cleared: 0, unmapped: 2 });
    expect(sink.events).toEqual([
      {
        type: "SymptomSeen",
        service: "checkout",
        pattern: "deployment_failures",
        symptom: "dependency_issues",
        source: "alertmanager:dd44",
        detail: "alert dd44 firing since 2026-11-26T07:00:00.000Z",
      },
    ]);
    const counted = await registry.metrics();
    expect(counted).toContain(
      'orbt_ingest_alerts_total{receiver="alertmanager",outcome="rejected",reason="no_symptom"} 1',
    );
    expect(counted).toContain(
      'orbt_ingest_alerts_total{receiver="alertmanager",outcome="rejected",reason="unknown_symptom"} 1',
    );
  });

  it("answers 400 with the error envelope for bad JSON and bad payloads, 413 past the limit", async () => {
    const { post } = setUp();
    const badJson = await post("{");
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: "invalid_json" } });
    const badPayload = await post({ ...webhook([]), version: "3" });
    expect(await badPayload.json()).toMatchObject({ error: { code: "invalid_request", path: "version" } });
    expect((await post("x".repeat(9000))).status).toBe(413);
  });
});

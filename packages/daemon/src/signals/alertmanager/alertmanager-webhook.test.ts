import { SEED_PATTERNS } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { AlertmanagerWebhook } from "./alertmanager-webhook.js";
import { translateAlertmanagerWebhook } from "./translate-alertmanager-webhook.js";

// Shaped like what Alertmanager 0.27 posts (notify/webhook, template.Data with version "4").
const PAYLOAD = {
  receiver: "orbt",
  status: "firing",
  alerts: [
    {
      status: "firing",
      labels: {
        alertname: "HighLatency",
        service: "checkout",
        severity: "page",
        orbt_pattern: "performance_issues",
        orbt_symptom: "high_response_times",
      },
      annotations: { summary: "p99 above 2s" },
      startsAt: "2026-11-26T07:00:00.123456789Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus:9090/graph?g0.expr=...",
      fingerprint: "a1b2c3d4e5f60708",
    },
    {
      status: "resolved",
      labels: { alertname: "TargetDown", job: "payments" },
      annotations: {},
      startsAt: "2026-11-26T06:00:00Z",
      endsAt: "2026-11-26T06:30:00Z",
      generatorURL: "",
      fingerprint: "0f0e0d0c0b0a0908",
    },
    {
      status: "firing",
      labels: { alertname: "Watchdog" },
      annotations: {},
      startsAt: "2026-11-26T06:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "",
      fingerprint: "1111111111111111",
    },
    {
      status: "firing",
      labels: { alertname: "DiskFull", job: "db" },
      annotations: {},
      startsAt: "2026-11-26T06:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "",
      fingerprint: "2222222222222222",
    },
  ],
  groupLabels: { alertname: "HighLatency" },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: "http://alertmanager:9093",
  version: "4",
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
};

describe("Alertmanager webhook", () => {
  it("translates mapped alerts to signals and reports the rest as unmapped", () => {
    const payload = AlertmanagerWebhook.parse(PAYLOAD);
    const translation = translateAlertmanagerWebhook(
      payload,
      [{ match: { alertname: "TargetDown" }, pattern: "uptime_problems", symptom: "service_unavailable" }],
      SEED_PATTERNS,
    );
    expect(translation.signals).toEqual([
      {
        service: "checkout",
        pattern: "performance_issues",
        symptom: "high_response_times",
        firing: true,
        fingerprint: "a1b2c3d4e5f60708",
        startsAtMs: Date.UTC(2026, 10, 26, 7, 0, 0, 123),
      },
      {
        service: "payments",
        pattern: "uptime_problems",
        symptom: "service_unavailable",
        firing: false,
        fingerprint: "0f0e0d0c0b0a0908",
        startsAtMs: Date.UTC(2026, 10, 26, 6, 0, 0),
      },
    ]);
    expect(translation.unmapped.map((alert) => [alert.reason, alert.fingerprint])).toEqual([
      ["no_service", "1111111111111111"],
      ["no_symptom", "2222222222222222"],
    ]);
  });

  it("identifies an alert without a fingerprint by its label set", () => {
    const { fingerprint: _, ...alert } = PAYLOAD.alerts[0]!;
    const payload = AlertmanagerWebhook.parse({
      ...PAYLOAD,
      alerts: [alert, { ...alert, labels: { ...alert.labels } }],
    });
    const [first, second] = translateAlertmanagerWebhook(payload, [], SEED_PATTERNS).signals;
    expect(first?.fingerprint).not.toBe("");
    expect(first?.fingerprint).toBe(second?.fingerprint);
  });

  it.each([
    ["another version", { ...PAYLOAD, version: "3" }],
    ["a bad status", { ...PAYLOAD, alerts: [{ ...PAYLOAD.alerts[0], status: "pending" }] }],
    ["a bad time", { ...PAYLOAD, alerts: [{ ...PAYLOAD.alerts[0], startsAt: "yesterday" }] }],
    ["a non-string label", { ...PAYLOAD, commonLabels: { severity: 3 } }],
    ["no alerts list", { ...PAYLOAD, alerts: undefined }],
  ])("refuses a payload with %s", (_, body) => {
    expect(AlertmanagerWebhook.safeParse(body).success).toBe(false);
  });
});

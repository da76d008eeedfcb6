import { alertSource, type SymptomCleared, type SymptomSeen } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { RecordingSink } from "../../../test/support/recording-sink.js";
import { parseConfigText } from "../../config/parse-config-text.js";
import { createLogger } from "../../create-logger.js";
import type { ActiveSource } from "../../runtime/orbt-runtime.js";
import { alertsToSymptoms, clearVanishedAlerts } from "./alerts-to-symptoms.js";

const config = (() => {
  const parsed = parseConfigText(
    "project: shop\nsymptoms:\n  - match: { alertname: QueueStuck }\n    pattern: deployment_failures\n    symptom: dependency_issues\n",
    "orbt.yaml",
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
})();
const log = createLogger({ level: "silent", isPretty: false });
const mapped = { orbt_pattern: "uptime_problems", orbt_symptom: "service_unavailable", service: "web" };
const downWeb = { alertname: "Down", ...mapped };
const downApi = { alertname: "Down", ...mapped, service: "api" };

function sinkWith(sources: readonly ActiveSource[]) {
  const dispatched: (SymptomSeen | SymptomCleared)[] = [];
  return {
    dispatched,
    activeSources: () => sources,
    dispatch: async (event: SymptomSeen | SymptomCleared) => {
      dispatched.push(event);
    },
  };
}

describe("alertsToSymptoms", () => {
  it("raises and clears the symptom of a rule's alert, mapped by its labels or the config's symptoms", () => {
    const sink = new RecordingSink();
    const onTransition = alertsToSymptoms(sink, config, log);
    const queueStuck = { alertname: "QueueStuck", job: "worker" };
    const transition = (type: "fired" | "resolved", labels: Record<string, string>) =>
      onTransition({
        type,
        file: "rules.yml",
        group: "g",
        rule: labels.alertname ?? "",
        alert: { labels, annotations: { summary: "stuck" }, state: "firing", value: 1, activeAtMs: 0 },
      });
    transition("fired", queueStuck);
    transition("fired", downWeb);
    transition("fired", { alertname: "Unlisted", job: "worker" });
    transition("resolved", queueStuck);
    expect(sink.events).toEqual([
      {
        type: "SymptomSeen",
        service: "worker",
        pattern: "deployment_failures",
        symptom: "dependency_issues",
        source: alertSource(queueStuck),
        detail: "QueueStuck: stuck",
        labels: queueStuck,
      },
      {
        type: "SymptomSeen",
        service: "web",
        pattern: "uptime_problems",
        symptom: "service_unavailable",
        source: alertSource(downWeb),
        detail: "Down: stuck",
        labels: downWeb,
      },
      {
        type: "SymptomCleared",
        service: "worker",
        pattern: "deployment_failures",
        source: alertSource(queueStuck),
      },
    ]);
  });
});

describe("clearVanishedAlerts", () => {
  it("clears the symptoms of the group's alerts that are no longer pending or firing, and only those", () => {
    const sources = [
      { service: "web", pattern: "uptime_problems", source: alertSource(downWeb) },
      { service: "api", pattern: "uptime_problems", source: alertSource(downApi) },
      // Another group's (or an Alertmanager's) alert, and a health check: not this group's to judge.
      { service: "web", pattern: "uptime_problems", source: alertSource({ ...downWeb, alertname: "Slow" }) },
      { service: "web", pattern: "uptime_problems", source: "check:web:0" },
    ];
    const sink = sinkWith(sources);
    clearVanishedAlerts(
      sink,
      config,
      log,
    )({
      file: "rules.yml",
      group: "uptime",
      alertNames: new Set(["Down"]),
      activeAlerts: [{ labels: downApi, annotations: {}, state: "firing", value: 1, activeAtMs: 0 }],
    });
    expect(sink.dispatched).toEqual([
      { type: "SymptomCleared", service: "web", pattern: "uptime_problems", source: alertSource(downWeb) },
    ]);
  });
});

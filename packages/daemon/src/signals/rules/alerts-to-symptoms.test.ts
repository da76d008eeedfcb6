import { alertSource, type SymptomCleared, type SymptomSeen } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../config/parse-config-text.js";
import { createLogger } from "../../create-logger.js";
import type { ActiveSource } from "../../runtime/orbt-runtime.js";
import { clearVanishedAlerts } from "./alerts-to-symptoms.js";

const config = (() => {
  const parsed = parseConfigText("project: shop\n", "orbt.yaml");
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

import { describe, expect, it } from "vitest";
import { SEED_PATTERNS } from "../patterns/pattern-catalog.js";
import type { ErrorPattern } from "../protocol/error-pattern.js";
import { alertNameOfSource, alertSource, mapAlertToSymptom, type SymptomMapping } from "./alert-symptom.js";

const MAPPINGS: SymptomMapping[] = [
  {
    match: { alertname: "HighLatency", severity: "page" },
    pattern: "performance_issues",
    symptom: "high_response_times",
  },
  { match: { alertname: "Down" }, pattern: "uptime_problems", symptom: "service_unavailable" },
];

describe("mapAlertToSymptom", () => {
  it("takes pattern and symptom from orbt_ labels, service from the service label", () => {
    const labels = {
      alertname: "X",
      service: "shop",
      job: "node",
      orbt_pattern: "performance_issues",
      orbt_symptom: "memory_leaks",
    };
    expect(mapAlertToSymptom(labels, MAPPINGS, SEED_PATTERNS)).toEqual({
      ok: true,
      value: {
        service: "shop",
        pattern: "performance_issues",
        symptom: "memory_leaks",
      },
    });
  });

  it("falls back to the first mapping whose labels all match, and to the job label", () => {
    const result = mapAlertToSymptom(
      { alertname: "HighLatency", severity: "page", job: "api" },
      MAPPINGS,
      SEED_PATTERNS,
    );
    expect(result.ok && result.value).toMatchObject({ service: "api", symptom: "high_response_times" });
    const partial = mapAlertToSymptom(
      { alertname: "HighLatency", severity: "ticket", job: "api" },
      MAPPINGS,
      SEED_PATTERNS,
    );
    expect(partial.ok ? "mapped" : partial.error.code).toBe("no_symptom");
  });

  it("prefers complete orbt_ labels to a matching mapping, and ignores them when one is missing", () => {
    const labels = { alertname: "Down", job: "a", orbt_pattern: "performance_issues" };
    expect(
      mapAlertToSymptom({ ...labels, orbt_symptom: "CPU_spikes" }, MAPPINGS, SEED_PATTERNS),
    ).toMatchObject({
      ok: true,
      value: { pattern: "performance_issues", symptom: "CPU_spikes" },
    });
    expect(mapAlertToSymptom(labels, MAPPINGS, SEED_PATTERNS)).toMatchObject({
      ok: true,
      value: { pattern: "uptime_problems", symptom: "service_unavailable" },
    });
  });

  it("takes the first of several matching mappings", () => {
    const first = { match: { job: "a" }, pattern: "deployment_failures", symptom: "build_failures" };
    const result = mapAlertToSymptom({ alertname: "Down", job: "a" }, [first, ...MAPPINGS], SEED_PATTERNS);
    expect(result).toMatchObject({ ok: true, value: { pattern: "deployment_failures" } });
  });

  it.each([
    [{ alertname: "Down" }, "no_service"],
    [{ alertname: "Y", job: "a", orbt_pattern: "nope", orbt_symptom: "x" }, "unknown_pattern"],
    [
      { alertname: "Y", job: "a", orbt_pattern: "uptime_problems", orbt_symptom: "memory_leaks" },
      "unknown_symptom",
    ],
  ])("rejects %j with %s", (labels, code) => {
    const result = mapAlertToSymptom(labels, MAPPINGS, SEED_PATTERNS);
    expect(result.ok ? "ok" : result.error.code).toBe(code);
  });

  it("knows the patterns of the catalog it is given, and only those", () => {
    const queueBacklog: ErrorPattern = {
      name: "queue_backlog",
      symptoms: ["consumer_lag"],
      strike1Solutions: ["consumer_restart"],
      strike2Alternatives: [],
      escalationTriggers: [],
    };
    const labels = {
      alertname: "Lag",
      job: "worker",
      orbt_pattern: "queue_backlog",
      orbt_symptom: "consumer_lag",
    };
    const extended = mapAlertToSymptom(labels, MAPPINGS, [...SEED_PATTERNS, queueBacklog]);
    expect(extended.ok && extended.value).toMatchObject({
      pattern: "queue_backlog",
      symptom: "consumer_lag",
    });
    const seedOnly = mapAlertToSymptom(labels, MAPPINGS, SEED_PATTERNS);
    expect(seedOnly.ok ? "ok" : seedOnly.error.code).toBe("unknown_pattern");
  });
});

describe("alertSource", () => {
  it("is stable for a label set whatever the key order, and differs between label sets", () => {
    const a = alertSource({ alertname: "Down", job: "a" });
    expect(alertSource({ job: "a", alertname: "Down" })).toBe(a);
    expect(alertSource({ alertname: "Down", job: "b" })).not.toBe(a);
    expect(a).toMatch(/^alert:Down:[0-9a-f]{16}$/);
  });
});

describe("alertNameOfSource", () => {
  it("gives back the alertname of an alert source, colons included", () => {
    expect(alertNameOfSource(alertSource({ alertname: "Down", job: "a" }))).toBe("Down");
    expect(alertNameOfSource(alertSource({ alertname: "ns:Down", job: "a" }))).toBe("ns:Down");
  });

  it("is undefined for sources that are not alerts", () => {
    expect(alertNameOfSource("check:web:0")).toBeUndefined();
  });
});

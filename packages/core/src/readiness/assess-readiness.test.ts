import { describe, expect, it } from "vitest";
import type { ReadinessArea, ReadinessAssessment, ReadinessFacts } from "../protocol/readiness.js";
import { assessReadiness, RESTORE_TEST_MAX_AGE_MS } from "./assess-readiness.js";

const NOW = Date.UTC(2026, 11, 7, 12);
const HOUR_MS = 3_600_000;

const SERVICE: ReadinessFacts["services"][number] = {
  name: "web",
  hasCheck: true,
  hasSignalSource: false,
  sla: null,
  measured: { uptimePercent: null, latencyP99Ms: null },
  hasScalingRemedy: false,
};

const FACTS: ReadinessFacts = {
  project: "shop",
  environment: "prod",
  store: "sqlite",
  ha: false,
  services: [SERVICE],
  ruleFiles: [],
  tokens: [],
  listenHost: "127.0.0.1",
  certificates: [],
  drills: { injected: 0, detected: 0 },
  backup: null,
};

function area(assessment: ReadinessAssessment, name: ReadinessArea) {
  const found = assessment.areas.find((each) => each.area === name);
  if (found === undefined) throw new Error(`no area ${name}`);
  return found;
}

function statuses(facts: ReadinessFacts, name: ReadinessArea) {
  return area(assessReadiness(facts, NOW), name).findings.map(
    (finding) => `${finding.fact}:${finding.status}`,
  );
}

describe("assessReadiness", () => {
  it("scores the six areas of the source system and the whole as their mean", () => {
    const assessment = assessReadiness(FACTS, NOW);
    expect(assessment.areas.map((each) => each.area)).toEqual([
      "availability",
      "performance",
      "security",
      "scalability",
      "monitoring",
      "disaster_recovery",
    ]);
    const mean = assessment.areas.reduce((sum, each) => sum + each.score, 0) / 6;
    expect(assessment.score).toBe(Math.round(mean));
    expect(assessment.assessed_at).toBe("2026-12-07T12:00:00.000Z");
  });

  it("gives every finding that is not met a fix", () => {
    for (const each of assessReadiness(FACTS, NOW).areas) {
      for (const finding of each.findings) {
        expect(finding.fix === null).toBe(finding.status === "met");
      }
    }
  });

  it("availability: a Postgres store is met, a second daemon is met with ha, the uptime SLA is judged by the measured uptime", () => {
    const sla = { uptimePercent: 99.9, latencyP99Ms: null };
    const facts: ReadinessFacts = {
      ...FACTS,
      store: "postgres",
      services: [
        { ...SERVICE, name: "web", sla, measured: { uptimePercent: 99.95, latencyP99Ms: null } },
        { ...SERVICE, name: "api", sla, measured: { uptimePercent: 98, latencyP99Ms: null } },
        { ...SERVICE, name: "db", sla, measured: { uptimePercent: null, latencyP99Ms: null } },
      ],
    };
    expect(statuses(facts, "availability")).toEqual([
      "ha_store:met",
      "second_daemon:missing",
      "sla_uptime_met:met",
      "sla_uptime_met:missing",
      "sla_uptime_met:unknown",
    ]);
    expect(area(assessReadiness(facts, NOW), "availability").score).toBe(40);
    expect(statuses(FACTS, "availability")).toEqual(["ha_store:missing", "second_daemon:missing"]);
    expect(statuses({ ...FACTS, store: "postgres", ha: true }, "availability")).toEqual([
      "ha_store:met",
      "second_daemon:met",
    ]);
  });

  it("performance: every service needs an sla, and a latency target is judged by the measured p99", () => {
    const facts: ReadinessFacts = {
      ...FACTS,
      services: [
        {
          ...SERVICE,
          sla: { uptimePercent: null, latencyP99Ms: 500 },
          measured: { uptimePercent: null, latencyP99Ms: 700 },
        },
        { ...SERVICE, name: "api" },
      ],
    };
    expect(statuses(facts, "performance")).toEqual([
      "sla_defined:met",
      "sla_defined:missing",
      "sla_latency_met:missing",
    ]);
    expect(area(assessReadiness(facts, NOW), "performance").score).toBe(33);
  });

  it("security: tokens with a non-admin role, a loopback bind and certificates more than 14 days from expiry", () => {
    expect(statuses({ ...FACTS, listenHost: "0.0.0.0" }, "security")).toEqual([
      "tokens:missing",
      "loopback_bind:missing",
    ]);
    const secured: ReadinessFacts = {
      ...FACTS,
      tokens: [
        { name: "ops", role: "operator" },
        { name: "root", role: "admin" },
      ],
      certificates: [
        { service: "web", target: "web:443", daysLeft: 30 },
        { service: "api", target: "api:443", daysLeft: 14 },
        { service: "db", target: "db:443", daysLeft: null },
      ],
    };
    expect(statuses(secured, "security")).toEqual([
      "tokens:met",
      "loopback_bind:met",
      "certificate_expiry:met",
      "certificate_expiry:missing",
      "certificate_expiry:unknown",
    ]);
    const adminsOnly: ReadinessFacts = { ...FACTS, tokens: [{ name: "root", role: "admin" }] };
    expect(statuses(adminsOnly, "security")).toEqual([
      "tokens:met",
      "token_roles:missing",
      "loopback_bind:met",
    ]);
  });

  it("scalability: each service needs a scaling remedy", () => {
    const facts: ReadinessFacts = {
      ...FACTS,
      services: [SERVICE, { ...SERVICE, name: "api", hasScalingRemedy: true }],
    };
    expect(statuses(facts, "scalability")).toEqual(["scaling_remedy:missing", "scaling_remedy:met"]);
    expect(area(assessReadiness(facts, NOW), "scalability").score).toBe(50);
    expect(area(assessReadiness({ ...FACTS, services: [] }, NOW), "scalability").score).toBe(0);
  });

  it("monitoring: every service watched, rule files with test files that pass", () => {
    const facts: ReadinessFacts = {
      ...FACTS,
      services: [
        SERVICE,
        { ...SERVICE, name: "worker", hasCheck: false, hasSignalSource: true },
        { ...SERVICE, name: "cron", hasCheck: false },
      ],
      ruleFiles: [
        { file: "rules/a.yml", testFile: "rules/a.test.yml", testErrors: [] },
        { file: "rules/b.yml", testFile: "rules/b.test.yml", testErrors: ["alert X not firing"] },
        { file: "rules/c.yml", testFile: null, testErrors: null },
      ],
    };
    expect(statuses(facts, "monitoring")).toEqual([
      "service_watched:met",
      "service_watched:met",
      "service_watched:missing",
      "alert_rules_tested:met",
      "alert_rules_tested:missing",
      "alert_rules_tested:missing",
      "monitoring_effectiveness:missing",
    ]);
    const untested = area(assessReadiness(facts, NOW), "monitoring").findings[5];
    expect(untested?.fix).toBe("write rules/c.test.yml, run orbtd test rules rules/c.test.yml");
    expect(statuses(FACTS, "monitoring")).toEqual([
      "service_watched:met",
      "alert_rules:missing",
      "monitoring_effectiveness:missing",
    ]);
  });

  it("monitoring: drills that injected faults, each detected; run a drill when none did", () => {
    const effectiveness = (drills: ReadinessFacts["drills"]) =>
      area(assessReadiness({ ...FACTS, drills }, NOW), "monitoring").findings.find(
        (finding) => finding.fact === "monitoring_effectiveness",
      );
    expect(effectiveness({ injected: 0, detected: 0 })).toMatchObject({ status: "missing" });
    expect(effectiveness({ injected: 0, detected: 0 })?.fix).toContain("run a drill: orbtd drill SERVICE");
    expect(effectiveness({ injected: 2, detected: 1 })).toMatchObject({
      status: "missing",
      detail: "1/2 faults detected by drills in the last 30d",
    });
    expect(effectiveness({ injected: 2, detected: 2 })).toMatchObject({ status: "met", fix: null });
    expect(effectiveness(null)).toMatchObject({ status: "unknown" });
    const before = area(assessReadiness(FACTS, NOW), "monitoring").score;
    const after = area(
      assessReadiness({ ...FACTS, drills: { injected: 1, detected: 1 } }, NOW),
      "monitoring",
    ).score;
    expect(after).toBeGreaterThan(before);
  });

  it("disaster recovery: a backup configured and younger than a day, and a restore of one tested within 30 days", () => {
    expect(statuses(FACTS, "disaster_recovery")).toEqual([
      "backup_configured:missing",
      "restore_tested:missing",
    ]);
    const backup = { dir: "/var/backups", newestAgeMs: 2 * HOUR_MS, restoreTestedAgeMs: null };
    const untested: ReadinessFacts = { ...FACTS, backup };
    expect(statuses(untested, "disaster_recovery")).toEqual([
      "backup_configured:met",
      "backup_recent:met",
      "restore_tested:missing",
    ]);
    const drill = area(assessReadiness(untested, NOW), "disaster_recovery").findings[2]!;
    expect(drill.fix).toMatch(/^orbtd restore --from BACKUP/);
    const tested: ReadinessFacts = { ...FACTS, backup: { ...backup, restoreTestedAgeMs: 3 * 24 * HOUR_MS } };
    expect(area(assessReadiness(tested, NOW), "disaster_recovery")).toMatchObject({
      score: 100,
      findings: [
        {},
        {},
        { status: "met", detail: "a backup in /var/backups was restored and verified 3 days ago" },
      ],
    });
    const longAgo: ReadinessFacts = {
      ...FACTS,
      backup: { ...backup, restoreTestedAgeMs: RESTORE_TEST_MAX_AGE_MS + HOUR_MS },
    };
    expect(statuses(longAgo, "disaster_recovery")[2]).toBe("restore_tested:missing");
    const stale: ReadinessFacts = { ...FACTS, backup: { ...backup, newestAgeMs: 30 * HOUR_MS } };
    expect(statuses(stale, "disaster_recovery")[1]).toBe("backup_recent:missing");
    const none: ReadinessFacts = { ...FACTS, backup: { ...backup, newestAgeMs: null } };
    expect(statuses(none, "disaster_recovery")[1]).toBe("backup_recent:missing");
    expect(statuses({ ...FACTS, store: "postgres" }, "disaster_recovery")).toEqual([
      "backup_recent:unknown",
      "restore_tested:unknown",
    ]);
  });
});

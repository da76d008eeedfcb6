import { describe, expect, it } from "vitest";
import { openIncident } from "../../test/support/open-incident.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { startDrill } from "../drills/start-drill.js";
import { initialState } from "../engine/initial-state.js";
import { DomainReport } from "../protocol/domain-report.js";
import type { Action, EngineState, Incident, KnowledgeEntry } from "../protocol/engine-state.js";
import type { ReadinessArea } from "../protocol/readiness.js";
import { buildDomainReport, READINESS_NOT_ASSESSED } from "./domain-report.js";
import { renderDomainReportMarkdown } from "./render-domain-report.js";
import type { ReportFacts } from "./report-facts.js";

const HOUR = 3_600_000;
const NOW = 100 * HOUR;
const WINDOW = 24 * HOUR;

function incident(overrides: Partial<Incident> & Pick<Incident, "id" | "service">): Incident {
  return openIncident({
    state: "resolved",
    status: "GREEN",
    strikeStartedAt: null,
    openedAt: NOW - 2 * HOUR,
    updatedAt: NOW - HOUR,
    resolvedAt: NOW - HOUR,
    resolution: "remedied",
    activeSources: [],
    ...overrides,
  });
}

function action(overrides: Partial<Action>): Action {
  return {
    actionId: "a",
    dprId: "d",
    strike: 1,
    solution: "service_restart",
    tool: "exec",
    remedyIndex: 0,
    startedAt: NOW - 2 * HOUR,
    finishedAt: NOW - 2 * HOUR,
    outcome: "succeeded",
    exitCode: 0,
    durationMs: 10,
    verify: "passed",
    ...overrides,
  };
}

function knowledgeRow(overrides: Partial<KnowledgeEntry>): KnowledgeEntry {
  return {
    pattern: "service_failures",
    solution: "service_restart",
    platform: "any",
    scale: "any",
    tries: 1,
    successes: 1,
    meanRecoveryMs: null,
    p90RecoveryMs: null,
    recentRecoveryMs: [],
    lastOutcome: "succeeded",
    lastAt: NOW - HOUR,
    lessons: [],
    provenance: "learned",
    ...overrides,
  };
}

function stateWith(live: readonly Incident[], knowledge: readonly KnowledgeEntry[] = []): EngineState {
  const base = initialState(shopSettings([]), [
    { name: "api", platform: "systemd", isDiscovered: false, verifyForMs: 1000, dependsOn: [] },
    { name: "web", platform: "systemd", isDiscovered: false, verifyForMs: 1000, dependsOn: [] },
  ]);
  return {
    ...base,
    incidents: Object.fromEntries(live.map((each) => [each.id, each])),
    knowledge: Object.fromEntries(knowledge.map((each, index) => [String(index), each])),
  };
}

function facts(overrides: Partial<ReportFacts> = {}): ReportFacts {
  return {
    id: "r1",
    name: "daily",
    state: stateWith([]),
    resolvedIncidents: [],
    checks: [],
    spanP99Ms: {},
    commitments: {},
    security: { bindAddress: "127.0.0.1", tokens: [], certificateExpiresAt: {} },
    drills: [],
    readiness: null,
    ...overrides,
  };
}

describe("buildDomainReport", () => {
  it("is all green with full uptime and no figures on a quiet platform, and parses as the wire schema", () => {
    const report = buildDomainReport(facts(), WINDOW, NOW);
    expect(DomainReport.parse(report)).toEqual(report);
    expect(report.project_status.status).toBe("GREEN");
    expect(report.uptime_metrics.overall_percent).toBe(100);
    expect(report.infrastructure_health_metrics).toEqual({ GREEN: 2, YELLOW: 0, RED: 0 });
    expect(report.orbt_status.Operate).toBe(2);
    expect(report.dashboard.success_rate).toBeNull();
    expect(report.dashboard.mean_time_to_resolve_ms).toBeNull();
    expect(report.handoff_readiness).toBeNull();
    expect(report.handoff_readiness_note).toBe(READINESS_NOT_ASSESSED);
    expect(report.window.duration_ms).toBe(WINDOW);
  });

  it("gives the production readiness score and each area's as the handoff readiness", () => {
    const area = (name: ReadinessArea, score: number) => ({ area: name, score, findings: [] });
    const readiness = {
      project: "shop",
      environment: "prod",
      assessed_at: new Date(NOW).toISOString(),
      score: 58,
      areas: [area("availability", 50), area("security", 67)],
    };
    const report = buildDomainReport(facts({ readiness }), WINDOW, NOW);
    expect(report.handoff_readiness).toBe(58);
    expect(report.handoff_readiness_note).toBe("production readiness 58/100: availability 50, security 67");
  });

  it("counts strike-1 fixes as auto-resolved, strike-2 as alternative fixes, and escalations, into the success rate and MTTR", () => {
    const resolved = [
      incident({ id: "i1", service: "web", strike: 1, openedAt: NOW - 3 * HOUR, resolvedAt: NOW - 2 * HOUR }),
      incident({ id: "i2", service: "web", strike: 2, openedAt: NOW - 5 * HOUR, resolvedAt: NOW - 2 * HOUR }),
      // Resolved before the window: not counted.
      incident({ id: "old", service: "web", openedAt: NOW - 40 * HOUR, resolvedAt: NOW - 30 * HOUR }),
    ];
    const escalated = incident({
      id: "i3",
      service: "api",
      state: "escalated",
      status: "RED",
      strike: 3,
      openedAt: NOW - 2 * HOUR,
      resolvedAt: null,
      resolution: null,
      escalation: { escalationId: "e1", reason: "strikes_exhausted", at: NOW - HOUR },
    });
    const report = buildDomainReport(
      facts({ state: stateWith([escalated]), resolvedIncidents: resolved }),
      WINDOW,
      NOW,
    );
    expect(report.dashboard).toMatchObject({
      auto_resolved: 1,
      alternative_fixes: 1,
      human_escalations: 1,
      pending_escalations: 1,
      success_rate: 2 / 3,
      mean_time_to_resolve_ms: 2 * HOUR,
    });
    expect(report.project_status.status).toBe("RED");
    expect(report.infrastructure_health_metrics).toEqual({ GREEN: 1, YELLOW: 0, RED: 1 });
    expect(report.orbt_status.services).toContainEqual({ service: "api", mode: "Repair", status: "RED" });
    expect(report.blocking_issues).toEqual([
      {
        incident_id: "i3",
        service: "api",
        symptom: "service_unavailable",
        reason: "strikes_exhausted",
        escalated_at: new Date(NOW - HOUR).toISOString(),
        age_ms: HOUR,
      },
    ]);
    expect(report.deliverables_completed.map((each) => each.incident_id)).toEqual(["i1", "i2"]);
  });

  it("takes downtime from incidents overlapping the window, once per overlap, into uptime, SLA and cost", () => {
    const resolved = [
      incident({ id: "a", service: "web", openedAt: NOW - 4 * HOUR, resolvedAt: NOW - 2 * HOUR }),
      incident({ id: "b", service: "web", openedAt: NOW - 3 * HOUR, resolvedAt: NOW - HOUR }),
      // Half inside the window.
      incident({ id: "c", service: "api", openedAt: NOW - 25 * HOUR, resolvedAt: NOW - 23 * HOUR }),
    ];
    const report = buildDomainReport(
      facts({
        resolvedIncidents: resolved,
        commitments: {
          web: { uptimePercent: 99.9, latencyP99Ms: null, costPerHourDown: 120 },
          api: { uptimePercent: 90, latencyP99Ms: null, costPerHourDown: null },
        },
      }),
      WINDOW,
      NOW,
    );
    const web = report.uptime_metrics.services.find((each) => each.service === "web");
    const api = report.uptime_metrics.services.find((each) => each.service === "api");
    expect(web).toMatchObject({
      downtime_ms: 3 * HOUR,
      uptime_percent: 87.5,
      meets_sla: false,
      incidents: 2,
    });
    expect(api).toMatchObject({ downtime_ms: HOUR, meets_sla: true });
    expect(report.cost_tracking.services.find((each) => each.service === "web")?.downtime_cost).toBe(360);
    expect(report.cost_tracking.services.find((each) => each.service === "api")?.downtime_cost).toBeNull();
    expect(report.cost_tracking.downtime_cost).toBe(360);
    expect(report.dashboard.uptime_percent).toBe(report.uptime_metrics.overall_percent);
  });

  it("measures check latency percentiles and success, and judges the latency SLA by span p99 where spans arrive", () => {
    const checks = [10, 20, 30, 40, 500].map((latencyMs, index) => ({
      service: "web",
      at: NOW - index * 1000,
      ok: latencyMs < 500,
      latencyMs,
    }));
    const commitments = {
      web: { uptimePercent: null, latencyP99Ms: 100, costPerHourDown: null },
      api: { uptimePercent: null, latencyP99Ms: 100, costPerHourDown: null },
    };
    const report = buildDomainReport(facts({ checks, commitments, spanP99Ms: { api: 80 } }), WINDOW, NOW);
    const web = report.performance_metrics.services.find((each) => each.service === "web");
    const api = report.performance_metrics.services.find((each) => each.service === "api");
    expect(web).toMatchObject({ check_latency_p50_ms: 30, check_latency_p99_ms: 500, meets_sla: false });
    expect(api).toMatchObject({ check_latency_p50_ms: null, span_p99_ms: 80, meets_sla: true });
    expect(report.uptime_metrics.services.find((each) => each.service === "web")).toMatchObject({
      checks_run: 5,
      checks_passed: 4,
      check_success_percent: 80,
    });
  });

  it("lists actions run per executor in the window, and learned rows and lessons added in it", () => {
    const resolved = [
      incident({
        id: "x",
        service: "web",
        actions: [
          action({ tool: "exec", outcome: "succeeded" }),
          action({ tool: "http", outcome: "failed" }),
          action({ tool: "exec", outcome: "would_run" }),
          action({ tool: "exec", startedAt: NOW - 30 * HOUR }),
        ],
      }),
    ];
    const knowledge = [
      knowledgeRow({
        lessons: [
          { at: NOW - HOUR, by: "ana", note: "restart clears the leak", incidentId: "x" },
          { at: NOW - 30 * HOUR, by: "ana", note: "too old", incidentId: null },
        ],
      }),
      knowledgeRow({ provenance: "catalog", lastAt: NOW - HOUR }),
      knowledgeRow({ lastAt: NOW - 30 * HOUR }),
    ];
    const report = buildDomainReport(
      facts({ state: stateWith([], knowledge), resolvedIncidents: resolved }),
      WINDOW,
      NOW,
    );
    expect(report.specialist_assignments).toEqual([
      { executor: "exec", actions: 1, succeeded: 1, services: ["web"] },
      { executor: "http", actions: 1, succeeded: 0, services: ["web"] },
    ]);
    expect(report.cost_tracking.actions_run).toBe(2);
    expect(report.institutional_knowledge_captured).toMatchObject({ rows_learned: 1, lessons_added: 1 });
    expect(report.dashboard.documented_fixes).toBe(1);
  });

  it("reports the bind address, token roles and certificate days left", () => {
    const report = buildDomainReport(
      facts({
        security: {
          bindAddress: "0.0.0.0",
          tokens: [
            { name: "ci", role: "operator" },
            { name: "tui", role: "viewer" },
            { name: "bot", role: "operator" },
          ],
          certificateExpiresAt: { web: NOW + 10 * 86_400_000 + 5 },
        },
      }),
      WINDOW,
      NOW,
    );
    expect(report.security_status).toMatchObject({
      is_loopback_only: false,
      roles_set: ["operator", "viewer"],
      certificates: [{ service: "web", days_left: 10 }],
    });
  });

  it("renders the figures and the readiness note as Markdown", () => {
    const resolved = [incident({ id: "i1", service: "web" })];
    const markdown = renderDomainReportMarkdown(
      buildDomainReport(facts({ resolvedIncidents: resolved }), WINDOW, NOW),
    );
    expect(markdown).toContain("# Platform report: shop (dev)");
    expect(markdown).toContain("| 1 | 0 | 0 | 0 | 100% | 1h | 0 |");
    expect(markdown).toContain(READINESS_NOT_ASSESSED);
  });

  it("summarizes the drills started in the window as quality control, in JSON and Markdown", () => {
    const drill = (id: string, startedAt: number, detectMs: number | null) => ({
      ...startDrill({
        id,
        service: "web",
        fault: "stop",
        by: "ops",
        startedAt,
        deadlineAt: startedAt + HOUR,
      }),
      injectedAt: startedAt,
      detectMs,
      outcome: detectMs === null ? ("not_detected" as const) : ("not_repaired" as const),
    });
    const drills = [
      drill("d1", NOW - HOUR, 4_000),
      drill("d2", NOW - 2 * HOUR, null),
      drill("d0", NOW - 2 * WINDOW, 1),
    ];
    const report = buildDomainReport(facts({ drills }), WINDOW, NOW);
    expect(report.quality_control).toMatchObject({
      drills_run: 2,
      faults_injected: 2,
      faults_detected: 1,
      monitoring_effectiveness: 0.5,
      mean_time_to_detect_ms: 4_000,
    });
    expect(renderDomainReportMarkdown(report)).toContain(
      "Monitoring effectiveness: 50%; mean time to detect 4s",
    );
    expect(renderDomainReportMarkdown(buildDomainReport(facts(), WINDOW, NOW))).toContain(
      "No drill ran in the window",
    );
  });
});

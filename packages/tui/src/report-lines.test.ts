import type { EscalationReport } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { reportLines } from "./report-lines.js";

const REPORT: EscalationReport = {
  escalation_id: "inc-1.esc",
  incident_id: "inc-1",
  project: "shop",
  environment: "prod",
  domain: "platform/kubernetes",
  issue_type: "uptime_problems/service_unavailable",
  service: "api",
  pattern: "uptime_problems",
  symptom: "service_unavailable",
  reason: "strikes_exhausted",
  business_impact: {
    summary: "api (high, prod) has shown service_unavailable for 5 min; checkout depends on it.",
    criticality: "high",
    minutes_down: 5,
    dependents_affected: ["checkout"],
    sla_budget_burned: [
      { objective: "availability", long_burn: 21.5, short_burn: 60, budget_spent_percent: 2.99 },
    ],
  },
  affected_services: ["api", "checkout"],
  attempted_solutions: [
    {
      dpr_id: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
      solution: "service_restart",
      strike: 1,
      outcome: "failed",
      verify: "failed",
      exit_code: 1,
      duration_ms: 1200,
      output_tail: "one\ntwo\nthree\nfour\nerror: no standby\n",
    },
  ],
  approvals: [
    {
      decision: "denied",
      by: "ana",
      at: "2026-11-26T08:02:00.000Z",
      note: "not during the sale",
      solution: "service_restart",
      strike: 1,
    },
  ],
  recommendations: ["Inspect api."],
  specialist_recommendations: [
    {
      solution: "traffic_rerouting",
      score: 0.667,
      tries: 4,
      successes: 3,
      mean_recovery_ms: 90_000,
      lessons: ["drain the node first"],
      basis: "exact",
      is_configured: false,
    },
  ],
  infrastructure_alternatives: [
    { solution: "emergency_maintenance", remedies: [{ tool: "http", service: null, dry_run: true }] },
  ],
  cost_implications: {
    cost_per_hour_down: 1200,
    cost_so_far: 100,
    expected_cost: null,
    summary: "1200/h down: 100 so far; no recovery time to multiply it by",
  },
  recovery_time_estimate: { minutes: null, basis: "no recovery recorded" },
  urgency_level: "critical",
  urgency_basis: "prod sets critical",
  timeline: [{ at: "2026-11-26T08:05:03.400Z", kind: "escalated", message: "strike 3", dpr_id: null }],
  opened_at: "2026-11-26T08:00:00.000Z",
  escalated_at: "2026-11-26T08:05:03.400Z",
};

describe("reportLines", () => {
  it("shows every field of the report", () => {
    const text = reportLines(REPORT).map((line) => line.text);
    for (const expected of [
      "uptime_problems/service_unavailable on api · platform/kubernetes · reason strikes_exhausted",
      "urgency critical: prod sets critical",
      "  criticality high · 5 min down",
      "  affected: api, checkout",
      "  SLA availability: 21.5× long, 60× short, 2.99% of 30 days",
      "  cost: 1200/h down: 100 so far; no recovery time to multiply it by",
      "  recovery: unknown (no recovery recorded)",
      "  strike 1 service_restart: failed, verify failed, exit 1, 1200 ms",
      "    PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
      "  strike 1 service_restart: denied by ana at 08:02:00: not during the sale",
      "      │ error: no standby",
      "  traffic_rerouting: score 0.667, 3/4 succeeded, MTTR 90s (exact, not configured)",
      "    lesson: drain the node first",
      "  emergency_maintenance: http (dry run)",
      "  → Inspect api.",
      "  08:05:03 escalated: strike 3",
    ]) {
      expect(text).toContain(expected);
    }
    // The output's last four lines only.
    expect(text).not.toContain("      │ one");
  });

  it("says none for empty lists", () => {
    const bare = {
      ...REPORT,
      attempted_solutions: [],
      specialist_recommendations: [],
      infrastructure_alternatives: [],
    };
    expect(reportLines(bare).filter((line) => line.text === "  none")).toHaveLength(3);
  });
});

import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { plan } from "../../test/support/engine-table.js";
import { OPEN_RAILS, shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown, webDown } from "../../test/support/web-symptoms.js";
import { DEFAULT_AUTOMATION } from "../engine/default-automation.js";
import { initialState } from "../engine/initial-state.js";
import { step } from "../engine/step.js";
import { recordLesson, recordOutcome } from "../knowledge/record-outcome.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineSettings, EngineState, RemedyPlan, ServiceState } from "../protocol/engine-state.js";
import { EscalationReport } from "../protocol/escalation-report.js";
import type { EscalationReason } from "../protocol/names.js";
import { DEFAULT_TRIGGERS, NO_TRIGGERS } from "../triggers/default-triggers.js";
import { buildEscalationReport } from "./escalation-report.js";
import { renderEscalationMarkdown } from "./render-escalation-markdown.js";

const MINUTE = 60_000;

function service(name: string, extra: Partial<ServiceState> = {}): ServiceState {
  return { name, platform: "systemd", isDiscovered: false, verifyForMs: 1000, dependsOn: [], ...extra };
}

type Scenario = {
  readonly settings?: Partial<EngineSettings>;
  readonly remedies?: RemedyPlan[];
  readonly services?: ServiceState[];
  /** Events after web goes down at 0, each at its time. */
  readonly events?: readonly { at: number; event: EngineEvent }[];
  readonly prepare?: (state: EngineState) => EngineState;
};

const restart = plan("service_restart");
const failover = plan("failover_activation");

/** web goes down at 0 in project shop with `scenario`'s changes; its incident's state then. */
function scenario({
  settings = {},
  remedies = [restart],
  services = [service("web")],
  events = [],
  prepare,
}: Scenario) {
  let state = initialState({ ...shopSettings(remedies, OPEN_RAILS), ...settings }, services);
  if (prepare !== undefined) state = prepare(state);
  state = stepAnsweringRechecks(state, webDown, 0).state;
  for (const { at, event } of events) state = stepAnsweringRechecks(state, event, at).state;
  return state;
}

function reportOf(state: EngineState, at = 10 * MINUTE, reason: EscalationReason = "strikes_exhausted") {
  const incident = state.incidents["inc-1"]!;
  const report = buildEscalationReport(state, incident, { escalationId: "inc-1.esc", reason, at });
  expect(EscalationReport.parse(report)).toEqual(report);
  return report;
}

const restartFailed = (output: string): EngineEvent => ({
  type: "RemedyFinished",
  incidentId: "inc-1",
  actionId: "inc-1.001",
  ok: false,
  exitCode: 1,
  durationMs: 40,
  isTimedOut: false,
  output,
});

describe("buildEscalationReport", () => {
  it("lists what was tried with DPR ids, outcomes, durations and the end of the output", () => {
    const state = scenario({
      settings: { environment: "prod" },
      events: [{ at: 2 * MINUTE, event: restartFailed(`${"x".repeat(800)}\nunit web.service not found\n`) }],
    });
    const report = reportOf(state, 2 * MINUTE);
    expect(report).toMatchObject({
      issue_type: "uptime_problems/service_unavailable",
      affected_services: ["web"],
      urgency_level: "critical",
      attempted_solutions: [
        {
          dpr_id: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
          outcome: "failed",
          exit_code: 1,
          verify: "failed",
          duration_ms: 40,
        },
      ],
    });
    const tail = report.attempted_solutions[0]!.output_tail!;
    expect(tail).toHaveLength(500);
    expect(tail.endsWith("unit web.service not found\n")).toBe(true);
  });

  it("changes every field with its data", () => {
    const base = scenario({});
    const baseReport = reportOf(base);
    const differs = (field: keyof EscalationReport, other: EscalationReport) =>
      expect(other[field], field).not.toEqual(baseReport[field]);

    differs("domain", reportOf(scenario({ services: [service("web", { platform: "kubernetes" })] })));
    expect(baseReport.domain).toBe("platform/systemd");

    const deploy: EngineEvent = { type: "DeployReported", service: "web", version: "v2", status: "failed" };
    const deployState = step(initialState(shopSettings([restart]), [service("web")]), deploy, 0).state;
    differs("issue_type", reportOf(deployState));

    const dependents = scenario({
      services: [
        service("web"),
        service("api", { dependsOn: ["web"] }),
        service("edge", { dependsOn: ["api"] }),
      ],
    });
    differs("affected_services", reportOf(dependents));
    expect(reportOf(dependents).affected_services).toEqual(["web", "api", "edge"]);
    expect(reportOf(dependents).business_impact.dependents_affected).toEqual(["api", "edge"]);

    const critical = reportOf(scenario({ services: [service("web", { criticality: "critical" })] }));
    differs("business_impact", critical);
    expect(critical.business_impact.criticality).toBe("critical");
    expect(reportOf(base, 25 * MINUTE).business_impact.minutes_down).toBe(25);
    const burning = reportOf(
      scenario({
        settings: { escalation: { triggers: { ...NO_TRIGGERS, SLA_breach: DEFAULT_TRIGGERS.SLA_breach } } },
        events: [
          {
            at: MINUTE,
            event: {
              type: "SlaBurnMeasured",
              service: "web",
              objective: "availability",
              longBurn: 20,
              shortBurn: 30,
            },
          },
        ],
      }),
    );
    expect(burning.business_impact.sla_budget_burned).toEqual([
      { objective: "availability", long_burn: 20, short_burn: 30, budget_spent_percent: 2.78 },
    ]);

    differs(
      "attempted_solutions",
      reportOf(scenario({ events: [{ at: MINUTE, event: restartFailed("boom") }] })),
    );

    // Knowledge of solutions not tried here: the best first, with their scores, recovery times and lessons.
    const dnsRefresh = {
      pattern: "uptime_problems",
      platform: "systemd",
      scale: "any",
      solution: "DNS_refresh",
    } as const;
    const learnedState = scenario({
      prepare: (state) => {
        let knowledge = recordOutcome(
          state.knowledge,
          {
            ...dnsRefresh,
            solution: "failover_activation",
            platform: "docker",
            isSuccess: true,
            recoveryMs: 60_000,
          },
          0,
        );
        for (const [index, recoveryMs] of [120_000, 240_000, null].entries()) {
          knowledge = recordOutcome(
            knowledge,
            { ...dnsRefresh, isSuccess: recoveryMs !== null, recoveryMs },
            index,
          );
        }
        knowledge = recordLesson(knowledge, dnsRefresh, {
          at: 5,
          by: "ana",
          note: "flush the resolver cache on both nodes",
          incidentId: "inc-0",
        });
        return { ...state, knowledge };
      },
    });
    const learned = reportOf(learnedState);
    differs("specialist_recommendations", learned);
    const bySolution = Object.fromEntries(
      learned.specialist_recommendations.map((row) => [row.solution, row]),
    );
    expect(bySolution.DNS_refresh).toMatchObject({
      tries: 3,
      successes: 2,
      mean_recovery_ms: 180_000,
      lessons: ["flush the resolver cache on both nodes"],
      basis: "exact",
      is_configured: false,
    });
    expect(bySolution.failover_activation).toMatchObject({ tries: 1, successes: 1, basis: "pattern" });
    const scores = learned.specialist_recommendations.map((row) => row.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // With a recovery time known, the estimate is the knowledge's, with its basis.
    differs("recovery_time_estimate", learned);
    const estimated = learned.recovery_time_estimate;
    expect(estimated.basis).toContain("mean time to recover with");
    expect([1, 3]).toContain(estimated.minutes);

    const withFailover = reportOf(scenario({ remedies: [restart, failover] }));
    differs("infrastructure_alternatives", withFailover);
    expect(withFailover.infrastructure_alternatives[0]).toEqual({
      solution: "failover_activation",
      remedies: [{ tool: "exec", service: null, dry_run: false }],
    });

    const costly = reportOf(scenario({ services: [service("web", { costPerHourDown: 600 })] }));
    differs("cost_implications", costly);
    // 10 minutes down so far; what the ladder has left of its budgets is the time expected.
    expect(costly.cost_implications).toMatchObject({ cost_per_hour_down: 600, cost_so_far: 100 });
    expect(costly.cost_implications.expected_cost).toBe((600 * costly.recovery_time_estimate.minutes!) / 60);

    const later = reportOf(base, 4 * MINUTE);
    differs("recovery_time_estimate", later);
    expect(later.recovery_time_estimate.minutes).toBe(16);
    expect(later.recovery_time_estimate.basis).toContain("strike budgets left (strike 1 of 2)");

    differs("urgency_level", reportOf(scenario({ settings: { environment: "prod" } })));
    differs("urgency_level", reportOf(base, 10 * MINUTE, "critical_production_outage"));
    differs("urgency_level", reportOf(scenario({ services: [service("web", { criticality: "low" })] })));

    differs("timeline", reportOf(scenario({ events: [{ at: MINUTE, event: restartFailed("") }] })));
    differs("reason", reportOf(base, 10 * MINUTE, "extended_downtime"));
  });

  it("estimates nothing once the ladder ended without a recovery to go by", () => {
    const ended = scenario({ events: [{ at: 25 * MINUTE, event: { type: "Tick" } }] });
    expect(ended.incidents["inc-1"]!.state).toBe("escalated");
    const report = reportOf(ended, 25 * MINUTE);
    expect(report.recovery_time_estimate).toEqual({
      minutes: null,
      basis: "no recovery of uptime_problems on systemd recorded, and the ladder has ended",
    });
  });

  it("proposes the fixes of a pattern the settings' catalog adds", () => {
    const queueBacklog = {
      name: "queue_backlog",
      symptoms: ["consumer_lag"],
      strike1Solutions: ["consumer_restart"],
      strike2Alternatives: ["partition_rebalance"],
      escalationTriggers: [],
    };
    const lagging: EngineEvent = {
      type: "SymptomSeen",
      service: "worker",
      pattern: "queue_backlog",
      symptom: "consumer_lag",
      source: "alert:ConsumerLag:0",
    };
    const state = step(initialState({ ...shopSettings([]), patterns: [queueBacklog] }, []), lagging, 0).state;
    const incident = state.incidents["inc-1"]!;
    const report = buildEscalationReport(state, incident, incident.escalation!);
    expect(report).toMatchObject({ reason: "no_remedy", issue_type: "queue_backlog/consumer_lag" });
    expect(report.infrastructure_alternatives).toEqual([{ solution: "partition_rebalance", remedies: [] }]);
    expect(report.recommendations[0]).toContain("e.g. consumer_restart, partition_rebalance");
  });

  it("says the action budget was spent, not that a remedy is missing, for an action_budget escalation", () => {
    const rails = { ...DEFAULT_AUTOMATION, budget: { actions: 1, windowMs: 3_600_000 } };
    let state = initialState(shopSettings([plan("service_restart")], rails), []);
    state = stepAnsweringRechecks(state, webDown, 0).state;
    state = stepAnsweringRechecks(state, serviceDown("api"), 1000).state;
    const incident = state.incidents["inc-2"]!;
    const report = buildEscalationReport(state, incident, incident.escalation!);
    expect(report).toMatchObject({ reason: "action_budget", attempted_solutions: [] });
    expect(report.recommendations[0]).toContain("action budget was spent");
    expect(report.recommendations.join(" ")).not.toContain("Configure a remedy");
  });
});

describe("renderEscalationMarkdown", () => {
  it("renders every section from the report", () => {
    const state = scenario({
      services: [service("web", { costPerHourDown: 600 }), service("api", { dependsOn: ["web"] })],
      remedies: [restart, failover],
      events: [{ at: 2 * MINUTE, event: restartFailed("unit web.service not found\n") }],
    });
    const markdown = renderEscalationMarkdown(reportOf(state, 3 * MINUTE));
    expect(markdown).toContain("# inc-1.esc: web uptime_problems/service_unavailable");
    expect(markdown).toContain("- Dependents affected: api");
    expect(markdown).toContain("- Cost: 600/h down: 30 so far;");
    expect(markdown).toContain(
      "| PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001 | service_restart | 1 | failed | failed | 1 | 40 |",
    );
    expect(markdown).toContain("```\nunit web.service not found\n```");
    expect(markdown).toContain("- emergency_maintenance: no remedy configured");
    expect(markdown).toMatch(/## Timeline\n\n- 1970-01-01T00:00:00.000Z opened: service_unavailable/);
    expect(markdown).toMatch(/## Approvals\n\nNone\./);
  });

  it("lists each answer to an approval request", () => {
    const state = scenario({ services: [service("web")], remedies: [restart, failover], events: [] });
    const approval = {
      decision: "timed_out" as const,
      by: null,
      at: "1970-01-01T00:10:00.000Z",
      note: null,
      solution: "service_restart",
      strike: 1,
    };
    const markdown = renderEscalationMarkdown({ ...reportOf(state, 3 * MINUTE), approvals: [approval] });
    expect(markdown).toContain("| 1 | service_restart | timed_out | – | 1970-01-01T00:10:00.000Z | – |");
  });
});

describe("the report of an incident whose remedies were denied", () => {
  it("says no remedy ran for want of approval rather than asking for a remedy to be configured", () => {
    const state = scenario({ services: [service("web")], remedies: [restart, failover], events: [] });
    const incident = {
      ...state.incidents["inc-1"]!,
      state: "escalated" as const,
      actions: [],
      approvals: [
        {
          strike: 1 as const,
          remedyIndex: 0,
          solution: "service_restart",
          decision: "denied" as const,
          by: "ana",
          at: 0,
          note: null,
        },
      ],
    };
    const report = buildEscalationReport(state, incident, {
      escalationId: "inc-1.esc",
      reason: "no_remedy",
      at: 0,
    });
    expect(report.recommendations[0]).toBe(
      "No remedy ran: service_restart (denied) did not get an operator's approval. Approve the next one, or investigate web directly: service_unavailable.",
    );
  });
});

describe("the report of a flapping service", () => {
  it("tells a human to look for what toggles the symptom rather than to configure a remedy", () => {
    const state = scenario({ services: [service("web")], remedies: [restart, failover], events: [] });
    const incident = state.incidents["inc-1"]!;
    const report = buildEscalationReport(state, incident, {
      escalationId: "inc-1.esc",
      reason: "flapping",
      at: 0,
    });
    expect(report.reason).toBe("flapping");
    expect(report.recommendations[0]).toContain("keeps coming and going");
  });
});

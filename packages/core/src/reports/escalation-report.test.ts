import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { plan } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { webDown } from "../../test/support/web-symptoms.js";
import { DEFAULT_AUTOMATION } from "../engine/default-automation.js";
import { DEFAULT_DEPLOYS } from "../engine/default-deploys.js";
import { initialState } from "../engine/initial-state.js";
import { step } from "../engine/step.js";
import { SEED_PATTERNS } from "../patterns/pattern-catalog.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import { EscalationReport } from "../protocol/escalation-report.js";
import { DEFAULT_ESCALATION } from "../triggers/default-triggers.js";
import { buildEscalationReport } from "./escalation-report.js";

describe("buildEscalationReport", () => {
  it("lists what was tried with DPR ids and outcomes, and what was not", () => {
    let state = initialState(
      {
        project: "shop",
        environment: "prod",
        strike1TimeoutMs: 60_000,
        strike2TimeoutMs: 60_000,
        remedies: [
          {
            solution: "service_restart",
            service: null,
            tool: "exec",
            timeoutMs: 1000,
            verifyForMs: 1000,
            isDryRun: false,
          },
        ],
        patterns: SEED_PATTERNS,
        automation: DEFAULT_AUTOMATION,
        deploys: DEFAULT_DEPLOYS,
        escalation: DEFAULT_ESCALATION,
      },
      [{ name: "web", platform: "systemd", isDiscovered: false, verifyForMs: 1000, dependsOn: [] }],
    );
    state = stepAnsweringRechecks(state, webDown, 0).state;
    const finished: EngineEvent = {
      type: "RemedyFinished",
      incidentId: "inc-1",
      actionId: "inc-1.001",
      ok: false,
      exitCode: 1,
      durationMs: 40,
      isTimedOut: false,
    };
    state = step(state, finished, 120_000).state;
    const report = buildEscalationReport(
      state,
      state.incidents["inc-1"]!,
      state.incidents["inc-1"]!.escalation!,
    );
    expect(EscalationReport.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      domain: "platform",
      issue_type: "uptime_problems/service_unavailable",
      affected_services: ["web"],
      urgency_level: "critical",
      reason: "strikes_exhausted",
      attempted_solutions: [
        {
          dpr_id: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
          outcome: "failed",
          exit_code: 1,
          verify: "failed",
        },
      ],
    });
    expect(report.alternative_approaches).toContain("failover_activation");
    expect(report.alternative_approaches).not.toContain("service_restart");
    expect(report.business_impact).toContain("2 min");
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
    const report = buildEscalationReport(
      state,
      state.incidents["inc-1"]!,
      state.incidents["inc-1"]!.escalation!,
    );
    expect(report).toMatchObject({ reason: "no_remedy", issue_type: "queue_backlog/consumer_lag" });
    expect(report.alternative_approaches).toEqual(["consumer_restart", "partition_rebalance"]);
  });

  it("says the action budget was spent, not that a remedy is missing, for an action_budget escalation", () => {
    const rails = { ...DEFAULT_AUTOMATION, budget: { actions: 1, windowMs: 3_600_000 } };
    let state = initialState(shopSettings([plan("service_restart")], rails), []);
    state = stepAnsweringRechecks(state, webDown, 0).state;
    state = stepAnsweringRechecks(state, { ...webDown, service: "api" } as EngineEvent, 1000).state;
    const report = buildEscalationReport(
      state,
      state.incidents["inc-2"]!,
      state.incidents["inc-2"]!.escalation!,
    );
    expect(report).toMatchObject({ reason: "action_budget", attempted_solutions: [] });
    expect(report.recommendations[0]).toContain("action budget was spent");
    expect(report.recommendations.join(" ")).not.toContain("Configure a remedy");
  });
});

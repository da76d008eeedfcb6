import type { ReplayIncidentRun, ReplayReport } from "@orbt/core";
import { describe, expect, it } from "vitest";
import { formatReplayReport } from "./format-replay-report.js";

const T0 = Date.parse("2025-06-02T09:00:00Z");

function run(overrides: Partial<ReplayIncidentRun>): ReplayIncidentRun {
  return {
    kind: "incident",
    incidentId: "inc-1",
    state: "open",
    resolution: null,
    strike: 0,
    actions: [],
    escalation: null,
    resolvedAt: null,
    timeToResolveMs: null,
    ...overrides,
  };
}

const restart = {
  actionId: "inc-1.001",
  strike: 1,
  solution: "service_restart",
  startedAt: T0,
  outcome: "succeeded",
  verify: "passed",
} as const;

const REPORT: ReplayReport = {
  from: T0,
  to: T0 + 600_000,
  journalEvents: 42,
  replayedEvents: 17,
  simulatedOutcomes: { recorded: 1, assumed: 1 },
  incidents: [
    {
      service: "web",
      pattern: "uptime_problems",
      symptom: "service_unavailable",
      openedAt: T0,
      recorded: run({
        state: "resolved",
        resolution: "remedied",
        strike: 1,
        actions: [restart],
        resolvedAt: T0 + 45_000,
        timeToResolveMs: 45_000,
      }),
      replayed: run({
        state: "resolved",
        resolution: "remedied",
        strike: 2,
        actions: [
          {
            ...restart,
            outcome: "failed",
            verify: "failed",
            simulated: { basis: "recorded", actionId: "inc-7.001" },
          },
          {
            ...restart,
            actionId: "inc-1.002",
            strike: 2,
            solution: "failover_activation",
            simulated: { basis: "assumed" },
          },
        ],
        resolvedAt: T0 + 90_000,
        timeToResolveMs: 90_000,
      }),
    },
    {
      service: "web",
      pattern: "uptime_problems",
      symptom: "service_unavailable",
      openedAt: T0 + 120_000,
      recorded: run({
        incidentId: "inc-2",
        strike: 1,
        actions: [{ ...restart, outcome: "running", verify: null }],
      }),
      replayed: { kind: "joined", incidentId: "inc-1" },
    },
    {
      service: "api",
      pattern: "uptime_problems",
      symptom: "health_check_failures",
      openedAt: T0 + 300_000,
      recorded: { kind: "none" },
      replayed: run({
        incidentId: "inc-2",
        state: "escalated",
        strike: 3,
        escalation: { reason: "no_remedy", at: T0 + 300_000 },
      }),
    },
  ],
  summary: {
    recorded: { incidents: 2, actions: 2, escalations: 0, resolved: 1, meanTimeToResolveMs: 45_000 },
    replayed: { incidents: 2, actions: 2, escalations: 1, resolved: 1, meanTimeToResolveMs: 90_000.4 },
  },
};

describe("formatReplayReport", () => {
  it("prints the span, then and now per incident, and the totals side by side", () => {
    expect(formatReplayReport(REPORT, "orbt.new.yaml")).toEqual([
      "replay of 2025-06-02T09:00:00.000Z to 2025-06-02T09:10:00.000Z with orbt.new.yaml: 42 journal events, 17 replayed",
      "nothing was executed; the new run's actions ended as a recorded run of the same solution: 1, assumed to succeed at once: 1",
      "",
      "web uptime_problems (service_unavailable), opened 2025-06-02T09:00:00.000Z",
      "  then inc-1: resolved (remedied) after 45s; service_restart (strike 1, succeeded)",
      "  now  inc-1: resolved (remedied) after 1m30s; service_restart (strike 1, failed, as inc-7.001 ended), failover_activation (strike 2, succeeded, assumed)",
      "",
      "web uptime_problems (service_unavailable), opened 2025-06-02T09:02:00.000Z",
      "  then inc-2: open at strike 1; service_restart (strike 1, running)",
      "  now  no incident of its own: joined inc-1, open then",
      "",
      "api uptime_problems (health_check_failures), opened 2025-06-02T09:05:00.000Z",
      "  then no incident",
      "  now  inc-2: escalated (no_remedy); no action",
      "",
      "                            then         now",
      "incidents                      2           2",
      "actions                        2           2",
      "escalations                    0           1",
      "resolved                       1           1",
      "mean time to resolve         45s       1m30s",
    ]);
  });
});

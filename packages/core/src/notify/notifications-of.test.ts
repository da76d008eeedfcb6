import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { plan } from "../../test/support/engine-table.js";
import { remedyFinished } from "../../test/support/remedy-finished.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { webDown as down, webUp as up } from "../../test/support/web-symptoms.js";
import { initialState } from "../engine/initial-state.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, RemedyPlan } from "../protocol/engine-state.js";
import type { Environment } from "../protocol/names.js";
import { Notification } from "../protocol/notification.js";
import { notificationsOf } from "./notifications-of.js";

const S = 1000;
const T0 = 1_764_140_000_000;

function freshState(remedies: RemedyPlan[], environment: Environment = "dev"): EngineState {
  return initialState({ ...shopSettings(remedies), environment }, [
    { name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
  ]);
}

type Row = { readonly at: number; readonly event: EngineEvent };

/** Runs the table through `step` on a fake clock and returns each row's notifications, parsed as the wire type. */
function notificationsPerRow(state: EngineState, rows: readonly Row[]): Notification[][] {
  let current = state;
  return rows.map(({ at, event }) => {
    // The daemon's re-check before each action finds the symptom still there.
    const result = stepAnsweringRechecks(current, event, T0 + at);
    const notifications = notificationsOf(current, result, T0 + at);
    current = result.state;
    return notifications.map((notification) => Notification.parse(notification));
  });
}

const secondCheckDown: EngineEvent = {
  type: "SymptomSeen",
  service: "web",
  pattern: "uptime_problems",
  symptom: "service_unavailable",
  source: "check:1",
};
const secondCheckUp: EngineEvent = {
  type: "SymptomCleared",
  service: "web",
  pattern: "uptime_problems",
  source: "check:1",
};

const restartAndFailover = [plan("service_restart"), plan("failover_activation")];

describe("notificationsOf", () => {
  it("tells of the incident opening, its action, and its resolution, each once", () => {
    const rows = notificationsPerRow(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 100, event: secondCheckDown },
      { at: 1 * S, event: remedyFinished("inc-1.001", true) },
      { at: 1.5 * S, event: up },
      { at: 1.5 * S, event: secondCheckUp },
      { at: 3.5 * S, event: { type: "Tick" } },
      { at: 4 * S, event: { type: "Tick" } },
    ]);
    expect(rows.map((notifications) => notifications.map((n) => n.kind))).toEqual([
      ["opened", "action_taken"],
      [],
      [],
      [],
      [],
      ["resolved"],
      [],
    ]);
    const [openedNote, action] = rows[0]!;
    expect(openedNote).toEqual({
      kind: "opened",
      incidentId: "inc-1",
      project: "shop",
      environment: "dev",
      service: "web",
      pattern: "uptime_problems",
      symptom: "service_unavailable",
      urgency: "medium",
      at: T0,
      openedAt: T0,
      strike: 1,
      summary: "web: incident inc-1 opened: service_unavailable (uptime_problems)",
      actionId: null,
      dprId: null,
      solution: null,
      escalationId: null,
      reason: null,
      report: null,
      resolution: null,
      resolvedAt: null,
    });
    expect(action).toMatchObject({
      kind: "action_taken",
      actionId: "inc-1.001",
      dprId: "PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001",
      solution: "service_restart",
      strike: 1,
      summary: "web: strike 1 of inc-1 runs service_restart (PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001)",
    });
    expect(rows[5]![0]).toMatchObject({
      kind: "resolved",
      at: T0 + 3.5 * S,
      resolution: "remedied",
      resolvedAt: T0 + 3.5 * S,
      summary: "web: inc-1 resolved (remedied) after 3s500ms",
    });
  });

  it("tells of each strike's action and of the escalation, with its reason and report", () => {
    const rows = notificationsPerRow(freshState(restartAndFailover, "prod"), [
      { at: 0, event: down },
      { at: 1 * S, event: remedyFinished("inc-1.001", false) },
      { at: 2 * S, event: remedyFinished("inc-1.002", false) },
    ]);
    expect(rows.map((notifications) => notifications.map((n) => n.kind))).toEqual([
      ["opened", "action_taken"],
      ["action_taken"],
      ["escalated"],
    ]);
    expect(rows[1]![0]).toMatchObject({ strike: 2, solution: "failover_activation", actionId: "inc-1.002" });
    const [escalation] = rows[2]!;
    expect(escalation).toMatchObject({
      kind: "escalated",
      urgency: "critical",
      strike: 3,
      escalationId: "inc-1.esc",
      reason: "strikes_exhausted",
      summary: "web: inc-1 escalated to a human (strikes_exhausted): service_unavailable (uptime_problems)",
    });
    expect(escalation?.report).toMatchObject({
      incident_id: "inc-1",
      urgency_level: "critical",
      attempted_solutions: [
        expect.objectContaining({ solution: "service_restart" }),
        expect.objectContaining({ solution: "failover_activation" }),
      ],
    });
  });

  it("tells of an incident that opens and escalates in one step, opened first", () => {
    const [notifications] = notificationsPerRow(freshState([], "staging"), [{ at: 0, event: down }]);
    expect(notifications?.map((n) => [n.kind, n.urgency, n.reason])).toEqual([
      ["opened", "high", null],
      ["escalated", "high", "no_remedy"],
    ]);
  });

  it("tells of an operator's resolution but not of an acknowledgement", () => {
    const rows = notificationsPerRow(freshState(restartAndFailover), [
      { at: 0, event: down },
      { at: 100, event: { type: "IncidentAcknowledged", incidentId: "inc-1", by: "ana" } },
      { at: 200, event: { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" } },
    ]);
    expect(rows.map((notifications) => notifications.map((n) => n.kind))).toEqual([
      ["opened", "action_taken"],
      [],
      ["resolved"],
    ]);
    expect(rows[2]![0]).toMatchObject({
      resolution: "operator",
      summary: "web: inc-1 resolved (operator) after 200ms",
    });
  });

  it("tells of a new incident of a health report, and of none for a repeated one", () => {
    const failing: EngineEvent = { type: "HealthReported", service: "api", status: "failing" };
    const rows = notificationsPerRow(freshState([]), [
      { at: 0, event: failing },
      { at: 100, event: failing },
    ]);
    expect(rows.map((notifications) => notifications.map((n) => [n.kind, n.service]))).toEqual([
      [
        ["opened", "api"],
        ["escalated", "api"],
      ],
      [],
    ]);
  });

  it("says a dry run's action would run and was not executed", () => {
    const [first] = notificationsPerRow(freshState([plan("service_restart", { isDryRun: true })]), [
      { at: 0, event: down },
    ]);
    expect(first!.find((n) => n.kind === "action_taken")).toMatchObject({
      summary:
        "web: strike 1 of inc-1 would run service_restart (PLATFORM.SHOP.SERVICE_RESTART.EXEC.20000.001): dry run, not executed",
    });
  });

  it("tells once that a remedy awaits approval, and of the action once approved", () => {
    const guarded = [plan("service_restart", { isApprovalRequired: true })];
    const rows = notificationsPerRow(freshState(guarded), [
      { at: 0, event: down },
      { at: 100, event: { type: "Tick" } },
      { at: 200, event: { type: "ActionApproved", incidentId: "inc-1", by: "ana" } },
    ]);
    expect(rows.map((notifications) => notifications.map((n) => n.kind))).toEqual([
      ["opened", "awaiting_approval"],
      [],
      ["action_taken"],
    ]);
    expect(rows[0]![1]).toMatchObject({ summary: "web: inc-1 is awaiting approval", strike: 1 });
  });
});

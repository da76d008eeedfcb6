import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { plan } from "../../test/support/engine-table.js";
import { OPEN_RAILS, shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown, serviceUp } from "../../test/support/web-symptoms.js";
import { nextWakeAt } from "../engine/deadlines.js";
import { initialState } from "../engine/initial-state.js";
import type { Effect, Escalate } from "../protocol/effect.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, ServiceState, TriggerSettings } from "../protocol/engine-state.js";
import type { Environment } from "../protocol/names.js";
import { DEFAULT_TRIGGERS, NO_TRIGGERS } from "./default-triggers.js";
import { isTriggerReason } from "./is-trigger-reason.js";

const MINUTE = 60_000;

function service(name: string, extra: Partial<ServiceState> = {}): ServiceState {
  return { name, platform: "exec", isDiscovered: false, verifyForMs: 2_000, dependsOn: [], ...extra };
}

/** One trigger on with its defaults, the others off; a remedy for each strike of an uptime incident. */
function stateWith(
  trigger: keyof TriggerSettings,
  services: ServiceState[],
  environment: Environment = "dev",
  triggers: Partial<TriggerSettings> = {},
): EngineState {
  const settings = shopSettings([plan("service_restart"), plan("failover_activation")], OPEN_RAILS);
  return initialState(
    {
      ...settings,
      environment,
      escalation: { triggers: { ...NO_TRIGGERS, [trigger]: DEFAULT_TRIGGERS[trigger], ...triggers } },
    },
    services,
  );
}

/** The triggers' pages among the effects; the ladder's own escalations are other tests' concern. */
function triggerPages(effects: readonly Effect[]): Escalate[] {
  const isTriggered = (effect: Effect): effect is Escalate =>
    effect.type === "Escalate" && isTriggerReason(effect.reason);
  return effects.filter(isTriggered);
}

function pageMessage(state: EngineState, incidentId: string): string | undefined {
  return state.incidents[incidentId]?.timeline.find((entry) => entry.kind === "escalation_triggered")
    ?.message;
}

/** Runs events on a fake clock; returns the state and every trigger's page with the time it came at. */
function run(state: EngineState, rows: readonly { at: number; event: EngineEvent }[]) {
  let current = state;
  const pages: { at: number; escalation: Escalate }[] = [];
  for (const { at, event } of rows) {
    const result = stepAnsweringRechecks(current, event, at);
    current = result.state;
    for (const escalation of triggerPages(result.effects)) pages.push({ at, escalation });
  }
  return { state: current, pages };
}

const tick: EngineEvent = { type: "Tick" };

function deploy(status: "started" | "succeeded" | "failed", version: string): EngineEvent {
  return { type: "DeployReported", service: "web", version, status };
}

describe("escalation triggers", () => {
  it("extended_downtime pages once a service stays down past max_downtime, whatever the strike", () => {
    const start = stateWith("extended_downtime", [service("web")]);
    const opened = run(start, [{ at: 0, event: serviceDown("web") }]);
    const { state, pages } = run(opened.state, [
      { at: 5 * MINUTE, event: tick },
      { at: 14 * MINUTE, event: tick },
      { at: 15 * MINUTE, event: tick },
      { at: 16 * MINUTE, event: tick },
    ]);
    expect(pages).toEqual([
      {
        at: 15 * MINUTE,
        escalation: {
          type: "Escalate",
          incidentId: "inc-1",
          escalationId: "inc-1.esc.extended_downtime",
          reason: "extended_downtime",
        },
      },
    ]);
    const incident = state.incidents["inc-1"]!;
    // The ladder goes on: still open, in strike 2, with the page noted once.
    expect(incident).toMatchObject({ state: "open", strike: 2, escalation: null });
    expect(incident.triggered).toEqual([
      { trigger: "extended_downtime", escalationId: "inc-1.esc.extended_downtime", at: 15 * MINUTE },
    ]);
    expect(pageMessage(state, "inc-1")).toBe(
      "extended_downtime: down 15m, past max_downtime 15m; a human is paged, the ladder goes on",
    );
  });

  it("extended_downtime asks the daemon to wake at max_downtime, and leaves a service that came back", () => {
    const start = stateWith("extended_downtime", [service("web")], "dev", {
      extended_downtime: { maxDowntimeMs: 10_000 },
    });
    const down = run(start, [{ at: 0, event: serviceDown("web") }]);
    expect(nextWakeAt(down.state)).toBe(10_000);
    const back = run(down.state, [
      { at: 5_000, event: serviceUp("web") },
      { at: 10_000, event: tick },
    ]);
    expect(back.pages).toEqual([]);
  });

  it("repeated_deployment_failures pages at the count-th failed deploy within the window", () => {
    const start = stateWith("repeated_deployment_failures", [service("web")]);
    const within = run(start, [
      { at: 0, event: deploy("failed", "v1") },
      { at: 10 * MINUTE, event: deploy("failed", "v2") },
      { at: 20 * MINUTE, event: deploy("failed", "v3") },
    ]);
    const triggered = within.pages.filter(
      (page) => page.escalation.reason === "repeated_deployment_failures",
    );
    expect(triggered).toHaveLength(1);
    expect(triggered[0]).toMatchObject({ at: 20 * MINUTE, escalation: { incidentId: "inc-1" } });
    expect(pageMessage(within.state, "inc-1")).toContain("3 failed deploys within 1h");
  });

  it("repeated_deployment_failures counts timed-out deploys and forgets failures older than the window", () => {
    const start = stateWith("repeated_deployment_failures", [service("web")], "dev", {
      repeated_deployment_failures: { count: 2, windowMs: 30 * MINUTE },
    });
    const spread = run(start, [
      { at: 0, event: deploy("failed", "v1") },
      { at: 40 * MINUTE, event: deploy("failed", "v2") },
    ]);
    expect(spread.pages.map((page) => page.escalation.reason)).not.toContain("repeated_deployment_failures");
    // v3 starts and never ends: at the deploy timeout (15m) it is the second failure within 30m.
    const timedOut = run(spread.state, [
      { at: 41 * MINUTE, event: deploy("started", "v3") },
      { at: 56 * MINUTE, event: tick },
    ]);
    expect(timedOut.pages.map((page) => [page.at, page.escalation.reason])).toContainEqual([
      56 * MINUTE,
      "repeated_deployment_failures",
    ]);
  });

  it("cascading_system_failure pages the first failing service's incident when K services fail within the window", () => {
    const services = [service("a"), service("b"), service("c"), service("d")];
    const spread = run(stateWith("cascading_system_failure", services), [
      { at: 0, event: serviceDown("a") },
      { at: 3 * MINUTE, event: serviceDown("b") },
      { at: 6 * MINUTE, event: serviceDown("c") },
    ]);
    expect(spread.pages).toEqual([]);
    const { pages } = run(spread.state, [{ at: 7 * MINUTE, event: serviceDown("d") }]);
    // b, c and d started failing within 4 minutes: b's incident, the first of them, pages.
    expect(pages).toEqual([
      {
        at: 7 * MINUTE,
        escalation: {
          type: "Escalate",
          incidentId: "inc-2",
          escalationId: "inc-2.esc.cascading_system_failure",
          reason: "cascading_system_failure",
        },
      },
    ]);
  });

  it("cascading_system_failure pages a service failing with all its dependents within the window", () => {
    const services = [service("db"), service("api", { dependsOn: ["db"] }), service("web")];
    const { pages, state } = run(stateWith("cascading_system_failure", services), [
      { at: 0, event: serviceDown("db") },
      { at: MINUTE, event: serviceDown("api") },
    ]);
    expect(pages.map((page) => [page.at, page.escalation.incidentId, page.escalation.reason])).toEqual([
      [MINUTE, "inc-1", "cascading_system_failure"],
    ]);
    expect(pageMessage(state, "inc-1")).toContain("db and its dependents api started failing within 5m");
  });

  it("business_critical_service_failure pages at once while strike 1 runs; in prod it is critical_production_outage", () => {
    const critical = [service("web", { criticality: "critical" }), service("api")];
    const dev = stateWith("business_critical_service_failure", critical, "dev", {
      critical_production_outage: {},
    });
    const devRun = run(dev, [
      { at: 0, event: serviceDown("web") },
      { at: 1000, event: serviceDown("api") },
    ]);
    expect(devRun.pages.map((page) => [page.at, page.escalation.reason])).toEqual([
      [0, "business_critical_service_failure"],
    ]);
    expect(devRun.state.incidents["inc-1"]).toMatchObject({ strike: 1, phase: { kind: "running" } });

    const prod = stateWith("business_critical_service_failure", critical, "prod", {
      critical_production_outage: {},
    });
    expect(run(prod, [{ at: 0, event: serviceDown("web") }]).pages.map((p) => p.escalation.reason)).toEqual([
      "critical_production_outage",
    ]);
    // With the prod trigger off, a critical service in prod is still business critical.
    const prodOff = stateWith("business_critical_service_failure", critical, "prod");
    expect(
      run(prodOff, [{ at: 0, event: serviceDown("web") }]).pages.map((p) => p.escalation.reason),
    ).toEqual(["business_critical_service_failure"]);
  });

  it("SLA_breach pages when both windows burn past the rate, on the incident of the burning objective", () => {
    const start = stateWith("SLA_breach", [service("web")]);
    const burn = (longBurn: number, shortBurn: number): EngineEvent => ({
      type: "SlaBurnMeasured",
      service: "web",
      objective: "availability",
      longBurn,
      shortBurn,
    });
    const before = run(start, [
      { at: 0, event: burn(20, 30) },
      { at: 1000, event: serviceDown("web") },
    ]);
    // Burning before any incident: it pages as soon as one opens.
    expect(before.pages.map((page) => [page.at, page.escalation.reason])).toEqual([[1000, "SLA_breach"]]);
    expect(pageMessage(before.state, "inc-1")).toContain(
      "availability error budget burning 20× over 1h and 30× over 5m (page at 14.4×)",
    );

    const onlyLong = run(start, [
      { at: 0, event: serviceDown("web") },
      { at: 1000, event: burn(20, 2) },
    ]);
    expect(onlyLong.pages).toEqual([]);
    const both = run(onlyLong.state, [{ at: 2000, event: burn(20, 16) }]);
    expect(both.pages.map((page) => [page.at, page.escalation.reason])).toEqual([[2000, "SLA_breach"]]);
    expect(both.state.slaBurns["web/availability"]).toEqual({
      service: "web",
      objective: "availability",
      longBurn: 20,
      shortBurn: 16,
      at: 2000,
    });
  });

  it("pages once per trigger per incident, and several triggers may page the same incident", () => {
    const start = stateWith("extended_downtime", [service("web", { criticality: "critical" })], "dev", {
      business_critical_service_failure: {},
    });
    const { pages, state } = run(start, [
      { at: 0, event: serviceDown("web") },
      { at: 15 * MINUTE, event: tick },
      { at: 16 * MINUTE, event: serviceUp("web") },
      { at: 16 * MINUTE + 1000, event: serviceDown("web") },
      { at: 17 * MINUTE, event: tick },
    ]);
    expect(pages.map((page) => page.escalation.escalationId)).toEqual([
      "inc-1.esc.business_critical_service_failure",
      "inc-1.esc.extended_downtime",
    ]);
    expect(state.incidents["inc-1"]!.triggered.map((page) => page.trigger)).toEqual([
      "business_critical_service_failure",
      "extended_downtime",
    ]);
  });

  it("pages nothing with every trigger off", () => {
    const off = initialState(shopSettings([plan("service_restart")]), [
      service("web", { criticality: "critical" }),
    ]);
    const { pages } = run(off, [
      { at: 0, event: serviceDown("web") },
      { at: 16 * MINUTE, event: tick },
    ]);
    expect(pages).toEqual([]);
  });
});

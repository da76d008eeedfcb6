import { describe, expect, it } from "vitest";
import { shopSettings } from "../../test/support/shop-settings.js";
import { webDown } from "../../test/support/web-symptoms.js";
import type { EngineState, Incident, IncidentState } from "../protocol/engine-state.js";
import type { ServiceStatus } from "../protocol/names.js";
import type { ServiceView } from "../protocol/rest.js";
import { initialState } from "./initial-state.js";
import { buildStatusView } from "./status-view.js";
import { step } from "./step.js";

const S = 1000;

const EMPTY = initialState({ ...shopSettings([]), environment: "staging" }, [
  { name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
  { name: "db", platform: "systemd", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [], scale: "large" },
]);

/** A live incident of `web` as the engine opens one (no remedy: escalated at once). */
const ESCALATED = step(EMPTY, webDown, 0).state.incidents["inc-1"]!;

type LiveIncident = { readonly id: string; readonly openedAt: number; readonly state: IncidentState };

/** The state with these live incidents of `web`, held in the order given. */
function withWebIncidents(incidents: readonly LiveIncident[]): EngineState {
  const held: Record<string, Incident> = {};
  for (const { id, openedAt, state } of incidents) {
    held[id] = { ...ESCALATED, id, openedAt, state, status: state === "escalated" ? "RED" : "YELLOW" };
  }
  return { ...EMPTY, incidents: held };
}

function webView(state: EngineState): ServiceView {
  return buildStatusView(state).services.find((service) => service.name === "web")!;
}

describe("buildStatusView", () => {
  it("lists every known service, GREEN without incidents, with the project and environment", () => {
    expect(buildStatusView(EMPTY)).toEqual({
      project: "shop",
      environment: "staging",
      automation: { mode: "live", isPaused: false, changedBy: null, changedAt: null, note: null },
      services: [
        {
          name: "web",
          platform: "exec",
          isDiscovered: false,
          status: "GREEN",
          mode: "Operate",
          scale: null,
          maintenanceUntil: null,
          deploy: null,
          openIncident: null,
        },
        {
          name: "db",
          platform: "systemd",
          isDiscovered: false,
          status: "GREEN",
          mode: "Operate",
          scale: "large",
          maintenanceUntil: null,
          deploy: null,
          openIncident: null,
        },
      ],
      ha: null,
    });
  });

  it("says who leads for one of an HA pair", () => {
    const ha = {
      nodeId: "node-b",
      role: "follower",
      epoch: 4,
      leader: "node-a",
      leaderSince: 3 * S,
    } as const;
    expect(buildStatusView(EMPTY, ha).ha).toEqual(ha);
  });

  it("shows the kill switch: who paused, when, and why", () => {
    const paused = step(EMPTY, { type: "AutomationPaused", by: "ana", note: "migration" }, 5 * S).state;
    expect(buildStatusView(paused).automation).toEqual({
      mode: "live",
      isPaused: true,
      changedBy: "ana",
      changedAt: 5 * S,
      note: "migration",
    });
  });

  it("shows a live incident without its timeline and actions", () => {
    const view = webView(step(EMPTY, webDown, 0).state);
    const { timeline: _timeline, actions: _actions, ...summary } = ESCALATED;
    expect(view).toMatchObject({ status: "RED", openIncident: summary });
    expect(view.openIncident).not.toHaveProperty("timeline");
    expect(view.openIncident).not.toHaveProperty("actions");
  });

  const open = (id: string, openedAt: number): LiveIncident => ({ id, openedAt, state: "open" });
  const escalated = (id: string, openedAt: number): LiveIncident => ({ id, openedAt, state: "escalated" });

  it.each<[string, LiveIncident[], ServiceStatus, string]>([
    ["the one live incident, in repair", [open("inc-1", 0)], "YELLOW", "inc-1"],
    ["the later opened of two, held first", [open("inc-2", 5 * S), open("inc-1", S)], "YELLOW", "inc-2"],
    ["the later opened of two, held last", [escalated("inc-1", S), open("inc-2", 5 * S)], "RED", "inc-2"],
    ["the higher numbered of two opened together", [open("inc-10", S), open("inc-9", S)], "YELLOW", "inc-10"],
  ])("shows %s", (_case, incidents, status, shown) => {
    const view = webView(withWebIncidents(incidents));
    expect(view.status).toBe(status);
    expect(view.openIncident?.id).toBe(shown);
  });

  it("lists a service the engine discovered from its symptom", () => {
    const state = step(EMPTY, { type: "HealthReported", service: "cache", status: "failing" }, 0).state;
    expect(buildStatusView(state).services.at(-1)).toMatchObject({
      name: "cache",
      platform: "unknown",
      isDiscovered: true,
      status: "RED",
      openIncident: { id: "inc-1" },
    });
  });

  it("shows a service in Build mode while its deploy runs, its deploy, then Repair when the deploy fails (escalated: no remedy)", () => {
    const deploying = step(
      EMPTY,
      { type: "DeployReported", service: "web", version: "v2", status: "started" },
      S,
    ).state;
    expect(webView(deploying)).toMatchObject({
      status: "GREEN",
      mode: "Build",
      deploy: { version: "v2", status: "started", at: S, verify: null, stableVersion: null },
    });
    const failed = step(
      deploying,
      { type: "DeployReported", service: "web", version: "v2", status: "failed" },
      2 * S,
    ).state;
    expect(webView(failed)).toMatchObject({ status: "RED", mode: "Repair", deploy: { status: "failed" } });
  });
});

import { describe, expect, it } from "vitest";
import { runTable as run } from "../../test/support/engine-table.js";
import { OPEN_RAILS, shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown as down, serviceUp as up } from "../../test/support/web-symptoms.js";
import type { EngineState } from "../protocol/engine-state.js";
import { findLiveIncident } from "./incident-update.js";
import { initialState } from "./initial-state.js";

const S = 1000;

/** web depends on db; cache depends on nothing. */
function freshState(): EngineState {
  const service = (name: string, dependsOn: string[]) => ({
    name,
    platform: "exec" as const,
    isDiscovered: false,
    verifyForMs: 2 * S,
    dependsOn,
  });
  return initialState(shopSettings([], OPEN_RAILS), [
    service("web", ["db"]),
    service("db", []),
    service("cache", []),
  ]);
}

function dependencyIncident(state: EngineState) {
  return findLiveIncident(state, "web", "deployment_failures");
}

describe("dependency_issues: a service failing while a service it depends_on is down", () => {
  it.each([
    ["the dependency fails first", [down("db"), down("web")]],
    ["the service fails first", [down("web"), down("db")]],
  ])("opens beside the service's own uptime incident when %s", (_case, events) => {
    const { state } = run(
      freshState(),
      events.map((event, index) => ({ at: index * S, event })),
    );
    expect(findLiveIncident(state, "web", "uptime_problems")).toBeDefined();
    const incident = dependencyIncident(state);
    expect(incident).toMatchObject({ symptom: "dependency_issues", activeSources: ["depends_on"] });
    expect(incident?.timeline[0]?.message).toContain(
      "failing while db, which it depends on, is down (service_unavailable)",
    );
  });

  it("clears once the dependency recovers, and once the service itself does", () => {
    const afterDb = run(freshState(), [
      { at: 0, event: down("db") },
      { at: S, event: down("web") },
      { at: 2 * S, event: up("db") },
    ]).state;
    expect(dependencyIncident(afterDb)?.activeSources).toEqual([]);
    const afterWeb = run(freshState(), [
      { at: 0, event: down("db") },
      { at: S, event: down("web") },
      { at: 2 * S, event: up("web") },
    ]).state;
    expect(dependencyIncident(afterWeb)?.activeSources).toEqual([]);
  });

  it("is not raised for a service failing alone, nor for one whose unrelated service is down", () => {
    const { state } = run(freshState(), [
      { at: 0, event: down("cache") },
      { at: S, event: down("web") },
      { at: 2 * S, event: down("db") },
      { at: 3 * S, event: up("web") },
      { at: 4 * S, event: down("cache") },
    ]);
    expect(findLiveIncident(state, "cache", "deployment_failures")).toBeUndefined();
    expect(findLiveIncident(state, "db", "deployment_failures")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { plan, runTable as run } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown as down, serviceUp as up } from "../../test/support/web-symptoms.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState } from "../protocol/engine-state.js";
import { SilenceMatcher, type SilenceSpec } from "../protocol/silence.js";
import { nextWakeAt } from "./deadlines.js";
import { initialState } from "./initial-state.js";
import { step } from "./step.js";

const S = 1000;
const MIN = 60 * S;

function fresh(): EngineState {
  return initialState(shopSettings([plan("service_restart")]), [
    { name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
  ]);
}

function silence(extra: Partial<SilenceSpec> = {}): EngineEvent {
  return {
    type: "SilenceCreated",
    silence: {
      id: "s-1",
      matchers: [{ name: "service", type: "=~", value: "web|api" }],
      createdBy: "ana",
      comment: "planned restart",
      startsAt: 0,
      endsAt: 10 * MIN,
      ...extra,
    },
  };
}

const expire: EngineEvent = { type: "SilenceExpired", silenceId: "s-1", by: "bo" };

describe("silences", () => {
  it("keeps a matched symptom from opening an incident, counts it, and raises it when expired", () => {
    const { state: silenced } = run(fresh(), [
      { at: 0, event: silence(), effects: [] },
      { at: 1 * S, event: down("web"), effects: [] },
      { at: 2 * S, event: down("web"), effects: [] },
      { at: 3 * S, event: down("api"), effects: [] },
    ]);
    expect(silenced.incidents).toEqual({});
    expect(silenced.silences["s-1"]).toMatchObject({ state: "active", suppressed: 3, createdAt: 0 });
    expect(silenced.silencedSymptoms.map((symptom) => symptom.service)).toEqual(["web", "api"]);
    const { state } = run(silenced, [
      {
        at: 4 * S,
        event: expire,
        effects: [
          { type: "RunRemedy", incidentId: "inc-1" },
          { type: "RunRemedy", incidentId: "inc-2" },
        ],
      },
    ]);
    expect(state.silences["s-1"]).toMatchObject({ state: "expired", expiredBy: "bo", expiredAt: 4 * S });
    expect(state.silencedSymptoms).toEqual([]);
  });

  it("forgets a held-back symptom that cleared, and ends at endsAt on a tick", () => {
    const { state: silenced } = run(fresh(), [
      { at: 0, event: silence({ endsAt: 1 * MIN }) },
      { at: 1 * S, event: down("web") },
      { at: 2 * S, event: up("web") },
    ]);
    expect(silenced.silencedSymptoms).toEqual([]);
    expect(nextWakeAt(silenced)).toBe(1 * MIN);
    const { state } = run(silenced, [{ at: 1 * MIN, event: { type: "Tick" }, effects: [] }]);
    expect(state.silences["s-1"]).toMatchObject({ state: "expired", expiredBy: null, expiredAt: 1 * MIN });
    expect(state.incidents).toEqual({});
  });

  it("silences nothing before startsAt, and matches on pattern, symptom and negative matchers", () => {
    const later = silence({
      startsAt: 1 * MIN,
      matchers: [
        { name: "pattern", type: "=", value: "uptime_problems" },
        { name: "symptom", type: "!~", value: "high_.*" },
        { name: "service", type: "!=", value: "db" },
      ],
    });
    const { state } = run(fresh(), [
      { at: 0, event: later },
      { at: 1 * S, event: down("api"), effects: [{ type: "RunRemedy", incidentId: "inc-1" }] },
      { at: 1 * MIN, event: down("web"), effects: [] },
      { at: 1 * MIN + 1, event: down("db"), effects: [{ type: "RunRemedy", incidentId: "inc-2" }] },
    ]);
    expect(state.silences["s-1"]).toMatchObject({ state: "active", suppressed: 1 });
  });

  it("holds an incident opened before the silence, and lets it act once the silence ends", () => {
    const { state } = run(fresh(), [
      { at: 0, event: { type: "AutomationPaused", by: "ops" } },
      { at: 1 * S, event: down("web") },
      { at: 2 * S, event: silence() },
      { at: 3 * S, event: { type: "AutomationResumed", by: "ops" }, effects: [] },
    ]);
    expect(state.incidents["inc-1"]?.phase).toEqual({ kind: "held", reason: "silenced", since: 3 * S });
    const ended = step(state, expire, 4 * S);
    expect(ended.effects).toEqual([
      {
        type: "RecheckSymptom",
        incidentId: "inc-1",
        service: "web",
        pattern: "uptime_problems",
        sources: ["check:0"],
      },
    ]);
  });

  it("matches an alert's labels, and refuses a regex that does not compile", () => {
    const { state } = run(fresh(), [
      { at: 0, event: silence({ matchers: [{ name: "team", type: "=", value: "payments" }] }) },
      { at: 1 * S, event: { ...down("web"), labels: { team: "payments" } } as EngineEvent, effects: [] },
      { at: 2 * S, event: down("api"), effects: [{ type: "RunRemedy" }] },
    ]);
    expect(state.silences["s-1"]?.suppressed).toBe(1);
    const bad = SilenceMatcher.safeParse({ name: "service", type: "=~", value: "web(" });
    expect(bad.success || bad.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["value", "expected a valid regular expression"],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { plan } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown, serviceUp } from "../../test/support/web-symptoms.js";
import { initialState } from "../engine/initial-state.js";
import { step } from "../engine/step.js";
import { EMPTY_HISTORY, recordHistory } from "../history/record-history.js";
import { EngineCheckpoint } from "../protocol/engine-checkpoint.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, ServiceState } from "../protocol/engine-state.js";
import type { IncidentHistory } from "../protocol/incident-history.js";
import { resumeFromCheckpoint } from "./resume-from-checkpoint.js";
import { takeCheckpoint } from "./take-checkpoint.js";

const S = 1000;
const settings = shopSettings([plan("service_restart")]);
const web: ServiceState = {
  name: "web",
  platform: "exec",
  isDiscovered: false,
  verifyForMs: 2 * S,
  dependsOn: [],
};

type Run = { state: EngineState; history: IncidentHistory };

function replay(from: Run, rows: readonly [number, EngineEvent][]): Run {
  let run = from;
  for (const [at, event] of rows) {
    const result = step(run.state, event, at);
    run = { state: result.state, history: recordHistory(run.history, result.effects) };
  }
  return run;
}

const before: [number, EngineEvent][] = [
  [0, serviceDown("web")],
  [1 * S, serviceDown("api")],
  [2 * S, { type: "ServiceScaleMeasured", service: "web", scale: "large" }],
  [3 * S, serviceUp("api")],
  [400 * S, { type: "Tick" }],
];
const after: [number, EngineEvent][] = [
  [401 * S, serviceUp("web")],
  [402 * S, serviceDown("db")],
  [2000 * S, { type: "Tick" }],
];

describe("resumeFromCheckpoint", () => {
  it("continues from a checkpoint, read back from JSON, exactly as the replay that never stopped", () => {
    const start = { state: initialState(settings, [web]), history: EMPTY_HISTORY };
    const whole = replay(start, [...before, ...after]);
    const upTo = replay(start, before);
    const written = JSON.stringify(takeCheckpoint(upTo.state, upTo.history, before.length, 400 * S));
    const read = EngineCheckpoint.parse(JSON.parse(written));
    const resumed = replay(resumeFromCheckpoint(read, settings, [web]), after);
    expect(resumed).toEqual(whole);
    expect(resumed.history.recentResolved.map((incident) => incident.service)).toContain("api");
  });

  it("takes today's settings and configured services, keeping the scale measured and the services discovered", () => {
    const upTo = replay({ state: initialState(settings, [web]), history: EMPTY_HISTORY }, before);
    const checkpoint = takeCheckpoint(upTo.state, upTo.history, 5, 400 * S);
    const stricter = { ...settings, strike1TimeoutMs: 60 * S };
    const { state } = resumeFromCheckpoint(checkpoint, stricter, [{ ...web, dependsOn: ["db"] }]);
    expect(state.settings).toBe(stricter);
    expect(state.services.web).toEqual({ ...web, dependsOn: ["db"], scale: "large" });
    expect(state.services.api?.isDiscovered).toBe(true);
    expect(Object.keys(state.incidents)).toEqual(Object.keys(upTo.state.incidents));
  });

  it("refuses a checkpoint of another version", () => {
    const upTo = replay({ state: initialState(settings, [web]), history: EMPTY_HISTORY }, before);
    const checkpoint = { ...takeCheckpoint(upTo.state, upTo.history, 5, 400 * S), version: 0 };
    expect(EngineCheckpoint.safeParse(JSON.parse(JSON.stringify(checkpoint))).success).toBe(false);
  });
});

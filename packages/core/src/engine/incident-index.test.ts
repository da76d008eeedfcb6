import { describe, expect, it } from "vitest";
import { stepAnsweringRechecks } from "../../test/support/answer-rechecks.js";
import { plan } from "../../test/support/engine-table.js";
import { shopSettings } from "../../test/support/shop-settings.js";
import { serviceDown, serviceUp } from "../../test/support/web-symptoms.js";
import type { EngineEvent } from "../protocol/engine-event.js";
import type { EngineState, ServiceState } from "../protocol/engine-state.js";
import { DEFAULT_TRIGGERS } from "../triggers/default-triggers.js";
import { DEFAULT_AUTOMATION } from "./default-automation.js";
import { initialState } from "./initial-state.js";
import { step } from "./step.js";

const S = 1_000;
const MINUTE = 60 * S;

function service(name: string, extra: Partial<ServiceState> = {}): ServiceState {
  return { name, platform: "exec", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [], ...extra };
}

/** Every trigger on, flapping at 3 changes in 5 minutes, one running remedy in all, prod. */
const settings = {
  ...shopSettings([plan("service_restart"), plan("failover_activation")], {
    ...DEFAULT_AUTOMATION,
    cooldownMs: 0,
    concurrency: { perService: 1, total: 1 },
    flapping: { changes: 3, windowMs: 5 * MINUTE },
  }),
  environment: "prod" as const,
  escalation: { triggers: DEFAULT_TRIGGERS },
};

const services = [
  service("db", { criticality: "critical" }),
  service("api", { dependsOn: ["db"] }),
  service("web", { dependsOn: ["api"] }),
];

/** A copy sharing no object with `state` but its settings, as a checkpoint reads back: worked out afresh. */
function fresh(state: EngineState): EngineState {
  const { settings, ...data } = state;
  return { ...JSON.parse(JSON.stringify(data)), settings };
}

const ack = (incidentId: string): EngineEvent => ({ type: "IncidentAcknowledged", incidentId, by: "oncall" });

/**
 * Cascades, dependencies, a critical service, flapping, queued remedies, verify windows, a scale measured,
 * a service discovered, extended downtime and self-recovery, then a quiet stretch of acknowledgements.
 */
const rows: [number, EngineEvent][] = [
  [0, serviceDown("db")],
  [1 * S, serviceDown("api")],
  [2 * S, serviceDown("web")],
  [
    3 * S,
    {
      type: "RemedyFinished",
      incidentId: "inc-1",
      actionId: "inc-1.001",
      ok: true,
      exitCode: 0,
      durationMs: 5,
      isTimedOut: false,
    },
  ],
  [4 * S, { type: "ServiceScaleMeasured", service: "web", scale: "large" }],
  [5 * S, serviceUp("web")],
  [6 * S, serviceDown("web")],
  [7 * S, serviceUp("web")],
  [8 * S, serviceDown("queue")],
  [9 * S, serviceUp("db")],
  [12 * S, { type: "Tick" }],
  [13 * S, ack("inc-2")],
  [14 * S, serviceDown("db")],
  [20 * MINUTE, { type: "Tick" }],
  [20 * MINUTE + S, ack("inc-4")],
  [20 * MINUTE + 2 * S, serviceUp("api")],
  [20 * MINUTE + 3 * S, serviceUp("queue")],
  [40 * MINUTE, { type: "Tick" }],
  [40 * MINUTE + S, ack("inc-2")],
  [40 * MINUTE + 2 * S, serviceUp("db")],
  [41 * MINUTE, { type: "Tick" }],
];

describe("the incident index a step carries to the next", () => {
  it("decides every step as a step over the same state built afresh, with nothing carried", () => {
    let state = initialState(settings, services);
    const effectTypes = new Set<string>();
    for (const [at, event] of rows) {
      const carried = stepAnsweringRechecks(state, event, at);
      const rebuilt = stepAnsweringRechecks(fresh(state), event, at);
      expect(carried.effects, `${event.type} at ${at}`).toEqual(rebuilt.effects);
      expect(carried.state, `${event.type} at ${at}`).toEqual(rebuilt.state);
      for (const effect of carried.effects)
        effectTypes.add(effect.type === "Escalate" ? `Escalate:${effect.reason}` : effect.type);
      state = carried.state;
    }
    // The table reaches what the index and the bounds speed up; without these it would prove little.
    expect([...effectTypes]).toEqual(
      expect.arrayContaining([
        "RunRemedy",
        "Escalate:cascading_system_failure",
        "Escalate:critical_production_outage",
        "Escalate:extended_downtime",
        "Escalate:flapping",
        "ArchiveIncident",
      ]),
    );
  });

  it("pages a cascade that a resumed state's triggers find, though the failing services are as before", () => {
    const quiet = {
      ...settings,
      escalation: { triggers: { ...DEFAULT_TRIGGERS, cascading_system_failure: null } },
    };
    let state = initialState(quiet, services);
    for (const [at, event] of rows.slice(0, 3)) state = step(state, event, at).state;
    const resumed = { ...state, settings };
    const { effects } = step(resumed, ack("inc-1"), 3 * S);
    expect(effects).toContainEqual(expect.objectContaining({ reason: "cascading_system_failure" }));
  });

  it("answers a state stepped twice, the second time after its index moved on to the first result", () => {
    let state = initialState(settings, services);
    for (const [at, event] of rows.slice(0, 3)) state = step(state, event, at).state;
    const first = step(state, serviceUp("db"), 4 * S);
    const again = step(state, serviceUp("db"), 4 * S);
    expect(again).toEqual(first);
    expect(step(again.state, serviceDown("db"), 5 * S)).toEqual(
      step(fresh(again.state), serviceDown("db"), 5 * S),
    );
  });
});

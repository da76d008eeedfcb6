import {
  DEFAULT_AUTOMATION,
  DEFAULT_DEPLOYS,
  DEFAULT_ESCALATION,
  DEFAULT_TRIGGERS,
  type EngineEvent,
  type EngineState,
  initialState,
  SEED_PATTERNS,
  step,
} from "@orbt/core";
import { describe, expect, it } from "vitest";
import type { ServiceConfig } from "../../config/orbt-config.js";
import { parseConfigText } from "../../config/parse-config-text.js";
import { createLogger } from "../../create-logger.js";
import { ProbeHistory } from "../checks/probe-history.js";
import { SlaWatcher } from "./sla-watcher.js";

const settings = DEFAULT_TRIGGERS.SLA_breach!;

/** `web` as the config gives it, with `sla` as written (YAML flow style), or none. */
function webWith(sla: string | undefined): ServiceConfig {
  const parsed = parseConfigText(
    `services:\n  - name: web\n${sla === undefined ? "" : `    sla: ${sla}\n`}`,
    "orbt.yaml",
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value.services[0]!;
}

/** An engine the watcher reports to, stepping each event it gets, as the runtime does. */
function engineSink() {
  let state: EngineState = initialState(
    {
      project: "shop",
      environment: "dev",
      strike1TimeoutMs: 60_000,
      strike2TimeoutMs: 60_000,
      remedies: [],
      patterns: SEED_PATTERNS,
      automation: DEFAULT_AUTOMATION,
      deploys: DEFAULT_DEPLOYS,
      escalation: DEFAULT_ESCALATION,
    },
    [],
  );
  const events: EngineEvent[] = [];
  return {
    events,
    get state() {
      return state;
    },
    dispatch: async (event: EngineEvent) => {
      events.push(event);
      state = step(state, event, 0).state;
    },
  };
}

const log = createLogger({ level: "silent", destination: { write: () => undefined } });

describe("SlaWatcher", () => {
  it("reports a burn to the engine when it crosses the threshold, either way, not on every probe", async () => {
    const sink = engineSink();
    const history = new ProbeHistory();
    const services = [webWith("{ availability: 99 }")];
    const watcher = new SlaWatcher({ services, settings, history, sink, log });
    let at = 0;
    const probe = (isUp: boolean) => {
      at += 1000;
      history.record("web", { at, isUp, latencyMs: 5 });
      return watcher.measure("web", at);
    };
    for (let i = 0; i < 20; i += 1) await probe(true);
    expect(sink.events).toEqual([]);
    for (let i = 0; i < 5; i += 1) await probe(false);
    // The 4th failure of 24 probes burns a 1% budget 16.7× over both windows: reported then, once.
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0]).toMatchObject({
      type: "SlaBurnMeasured",
      service: "web",
      objective: "availability",
    });
    expect(sink.state.slaBurns["web/availability"]!.longBurn).toBeCloseTo(400 / 24);
    for (let i = 0; i < 100; i += 1) await probe(true);
    expect(sink.events).toHaveLength(2);
    expect(sink.events[1]).toMatchObject({ type: "SlaBurnMeasured", objective: "availability" });
    expect(sink.state.slaBurns["web/availability"]!.shortBurn).toBeLessThan(settings.burnRate);
  });

  it("measures nothing for a service without an SLA, or with the trigger off", async () => {
    const sink = engineSink();
    const history = new ProbeHistory();
    history.record("web", { at: 1, isUp: false, latencyMs: 1 });
    const noSla = webWith(undefined);
    await new SlaWatcher({ services: [noSla], settings, history, sink, log }).measure("web", 1);
    const services = [webWith("{ availability: 99 }")];
    await new SlaWatcher({ services, settings: null, history, sink, log }).measure("web", 1);
    expect(sink.events).toEqual([]);
  });
});

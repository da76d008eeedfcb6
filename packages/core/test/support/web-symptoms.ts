import type { EngineEvent } from "../../src/protocol/engine-event.js";

/** The first check of `service` finds nothing listening. */
export function serviceDown(service: string): EngineEvent {
  return {
    type: "SymptomSeen",
    service,
    pattern: "uptime_problems",
    symptom: "service_unavailable",
    source: "check:0",
  };
}

/** The same check passes again. */
export function serviceUp(service: string): EngineEvent {
  return { type: "SymptomCleared", service, pattern: "uptime_problems", source: "check:0" };
}

/** The check of service `web` fails: the symptom most engine tests start from. */
export const webDown: EngineEvent = serviceDown("web");

/** The same check passes again. */
export const webUp: EngineEvent = serviceUp("web");

/** `web` also slow: another pattern, so another incident of the same service. */
export const webSlow: EngineEvent = {
  type: "SymptomSeen",
  service: "web",
  pattern: "performance_issues",
  symptom: "high_response_times",
  source: "check:1",
};

import type { EngineEvent } from "../../src/protocol/engine-event.js";

/** The check of service `web` fails: the symptom most engine tests start from. */
export const webDown: EngineEvent = {
  type: "SymptomSeen",
  service: "web",
  pattern: "uptime_problems",
  symptom: "service_unavailable",
  source: "check:0",
};

/** The same check passes again. */
export const webUp: EngineEvent = {
  type: "SymptomCleared",
  service: "web",
  pattern: "uptime_problems",
  source: "check:0",
};

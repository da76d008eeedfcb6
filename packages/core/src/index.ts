export { assertNever } from "./assert-never.js";
export { nextWakeAt } from "./engine/deadlines.js";
export { findLiveIncident } from "./engine/incident-update.js";
export { initialState } from "./engine/initial-state.js";
export { serviceStatus } from "./engine/service-status.js";
export { type Step, step } from "./engine/step.js";
export { type DprIdParts, formatDprId } from "./ids/dpr-id.js";
export { knowledgeKey, rankFixes, scoreFix } from "./knowledge/rank-fixes.js";
export {
  type ErrorPattern,
  findPattern,
  findPatternOfSymptom,
  listSolutionNames,
  SEED_PATTERNS,
} from "./patterns/pattern-catalog.js";
export * from "./protocol/effect.js";
export * from "./protocol/engine-event.js";
export * from "./protocol/engine-state.js";
export * from "./protocol/escalation-report.js";
export * from "./protocol/names.js";
export * from "./protocol/rest.js";
export * from "./protocol/stream-frame.js";
export { buildEscalationReport } from "./reports/escalation-report.js";
export { err, ok, type Result } from "./result.js";

import type { ActionLogEntry, AutomationSettings, EngineState } from "../protocol/engine-state.js";

/** The longest any rail looks back: older entries count for nothing. */
function longestWindowMs(automation: AutomationSettings): number {
  return Math.max(automation.cooldownMs, automation.maxRuns.windowMs, automation.budget.windowMs);
}

/** Logs an action start and drops the entries no rail can count any more, so the log stays bounded. */
export function logAction(state: EngineState, entry: ActionLogEntry): EngineState {
  const since = entry.at - longestWindowMs(state.settings.automation);
  const kept = state.actionLog.filter((logged) => logged.at > since);
  return { ...state, actionLog: [...kept, entry] };
}

/** Actions logged within the `windowMs` before `now`, of one remedy on one service when `of` is given. */
export function countActions(
  state: EngineState,
  windowMs: number,
  now: number,
  of?: Pick<ActionLogEntry, "remedyIndex" | "service">,
): number {
  const since = now - windowMs;
  return state.actionLog.filter(
    (entry) =>
      entry.at > since &&
      (of === undefined || (entry.remedyIndex === of.remedyIndex && entry.service === of.service)),
  ).length;
}

/** When the remedy last acted on the service, if the log still holds it. */
export function lastActionAt(
  state: EngineState,
  of: Pick<ActionLogEntry, "remedyIndex" | "service">,
): number | undefined {
  const found = state.actionLog.findLast(
    (entry) => entry.remedyIndex === of.remedyIndex && entry.service === of.service,
  );
  return found?.at;
}

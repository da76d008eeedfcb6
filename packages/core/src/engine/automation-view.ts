import type { EngineState } from "../protocol/engine-state.js";
import type { AutomationSummary, AutomationView, CooldownView } from "../protocol/rest.js";
import { countActions } from "./action-log.js";
import { liveIncidents } from "./live-incidents.js";

export function summarizeAutomation(state: EngineState): AutomationSummary {
  return { mode: state.settings.automation.mode, ...state.automation };
}

/** The latest action of each (remedy, service) whose cooldown has not ended at `now`. */
function cooldownsInForce(state: EngineState, now: number): CooldownView[] {
  const { cooldownMs } = state.settings.automation;
  const latest = new Map<string, CooldownView>();
  for (const entry of state.actionLog) {
    const until = entry.at + cooldownMs;
    if (until <= now) continue;
    latest.set(`${entry.remedyIndex}|${entry.service}`, {
      remedyIndex: entry.remedyIndex,
      solution: state.settings.remedies[entry.remedyIndex]?.solution ?? "unknown",
      service: entry.service,
      lastRunAt: entry.at,
      until,
    });
  }
  return [...latest.values()].sort((a, b) => a.until - b.until);
}

/** `GET /api/v1/automation`: mode, kill switch, budget used and left, actions running and waiting, cooldowns. */
export function buildAutomationView(state: EngineState, now: number): AutomationView {
  const { cooldownMs, maxRuns, budget, concurrency } = state.settings.automation;
  const used = countActions(state, budget.windowMs, now);
  const phases = liveIncidents(state).map((incident) => incident.phase.kind);
  const countPhase = (kind: string) => phases.filter((phase) => phase === kind).length;
  return {
    ...summarizeAutomation(state),
    cooldownMs,
    maxRuns,
    budget: { ...budget, used, left: Math.max(0, budget.actions - used) },
    concurrency: {
      ...concurrency,
      running: countPhase("running"),
      queued: countPhase("queued"),
      held: countPhase("held"),
    },
    cooldowns: cooldownsInForce(state, now),
    maintenance: Object.entries(state.maintenance)
      .filter(([, window]) => window.endsAt > now)
      .map(([service, window]) => ({ service, ...window })),
    flapping: {
      ...state.settings.automation.flapping,
      services: Object.entries(state.flapping).flatMap(([service, record]) =>
        record.since === null ? [] : [{ service, since: record.since, changes: record.changes.length }],
      ),
    },
  };
}

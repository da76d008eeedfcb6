import {
  DEFAULT_AUTOMATION,
  DEFAULT_DEPLOYS,
  DEFAULT_ESCALATION,
  type EngineEvent,
  type EngineState,
  initialState,
  type NotificationKind,
  notificationsOf,
  SEED_PATTERNS,
  step,
} from "@orbt/core";
import type { QueuedNotification } from "../../src/notify/queued-notification.js";

export const SAMPLE_T0 = 1_764_140_000_000;

function shopState(): EngineState {
  const remedy = {
    service: null,
    tool: "exec",
    timeoutMs: 30_000,
    verifyForMs: 2_000,
    isDryRun: false,
  } as const;
  return initialState(
    {
      project: "shop",
      environment: "prod",
      strike1TimeoutMs: 300_000,
      strike2TimeoutMs: 900_000,
      remedies: [
        { ...remedy, solution: "service_restart" },
        { ...remedy, solution: "failover_activation" },
      ],
      patterns: SEED_PATTERNS,
      automation: DEFAULT_AUTOMATION,
      deploys: DEFAULT_DEPLOYS,
      escalation: DEFAULT_ESCALATION,
    },
    [{ name: "web", platform: "exec", isDiscovered: false, verifyForMs: 2_000, dependsOn: [] }],
  );
}

const finished = (actionId: string): EngineEvent => ({
  type: "RemedyFinished",
  incidentId: "inc-1",
  actionId,
  ok: false,
  exitCode: 1,
  durationMs: 40,
  isTimedOut: false,
});

/**
 * One notification of each kind the engine has, as the daemon queues them: service `web` of project
 * `shop` (prod) fails, both strikes fail, it escalates, and an operator resolves it. `awaiting_approval`,
 * which no incident phase asks for yet, is the opened one under that kind.
 */
export function sampleNotifications(): Record<NotificationKind, QueuedNotification> {
  const events: EngineEvent[] = [
    {
      type: "SymptomSeen",
      service: "web",
      pattern: "uptime_problems",
      symptom: "service_unavailable",
      source: "check:0",
    },
    finished("inc-1.001"),
    finished("inc-1.002"),
    { type: "IncidentResolvedByOperator", incidentId: "inc-1", by: "ana" },
  ];
  let state = shopState();
  const found: Partial<Record<NotificationKind, QueuedNotification>> = {};
  events.forEach((event, index) => {
    const at = SAMPLE_T0 + index * 60_000;
    // Each re-check the engine asks for before acting is answered at once: the symptom is still there.
    const due: EngineEvent[] = [event];
    let n = 0;
    for (let next = due.shift(); next !== undefined; next = due.shift()) {
      const result = step(state, next, at);
      for (const notification of notificationsOf(state, result, at)) {
        found[notification.kind] ??= { id: `${index + 1}-${n}`, ...notification };
        n += 1;
      }
      for (const effect of result.effects) {
        if (effect.type === "RecheckSymptom") {
          due.push({ type: "SymptomRechecked", incidentId: effect.incidentId, isPresent: true });
        }
      }
      state = result.state;
    }
  });
  const opened = found.opened!;
  return {
    opened,
    action_taken: found.action_taken!,
    awaiting_approval: {
      ...opened,
      id: "9-0",
      kind: "awaiting_approval",
      summary: "web: inc-1 is awaiting approval",
    },
    escalated: found.escalated!,
    resolved: found.resolved!,
  };
}

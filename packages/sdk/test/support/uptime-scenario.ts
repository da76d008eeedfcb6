import {
  DEFAULT_AUTOMATION,
  DEFAULT_DEPLOYS,
  DEFAULT_ESCALATION,
  type EngineEvent,
  type EngineState,
  initialState,
  SEED_PATTERNS,
} from "@orbt/core";

const S = 1000;

export function scenarioState(): EngineState {
  const plan = (solution: string) => ({
    solution,
    service: null,
    tool: "exec" as const,
    timeoutMs: 30 * S,
    verifyForMs: 2 * S,
    isDryRun: false,
  });
  return initialState(
    {
      project: "shop",
      environment: "dev",
      strike1TimeoutMs: 300 * S,
      strike2TimeoutMs: 900 * S,
      remedies: [plan("service_restart"), plan("failover_activation")],
      patterns: SEED_PATTERNS,
      automation: DEFAULT_AUTOMATION,
      deploys: DEFAULT_DEPLOYS,
      escalation: DEFAULT_ESCALATION,
    },
    [
      { name: "web", platform: "systemd", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
      { name: "api", platform: "docker", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
    ],
  );
}

const seen = (service: string): EngineEvent => ({
  type: "SymptomSeen",
  service,
  pattern: "uptime_problems",
  symptom: "service_unavailable",
  source: "check:0",
});

const finished = (incidentId: string, actionId: string, ok: boolean): EngineEvent => ({
  type: "RemedyFinished",
  incidentId,
  actionId,
  ok,
  exitCode: ok ? 0 : 1,
  durationMs: 50,
  isTimedOut: false,
});

/** The daemon's answer before each action: the symptom is still there. */
const stillThere = (incidentId: string): EngineEvent => ({
  type: "SymptomRechecked",
  incidentId,
  isPresent: true,
});

/** web fails both strikes and escalates; api is fixed at strike 1. */
export const SCENARIO: readonly { at: number; event: EngineEvent }[] = [
  { at: 1 * S, event: seen("web") },
  { at: 1 * S, event: stillThere("inc-1") },
  { at: 2 * S, event: finished("inc-1", "inc-1.001", false) },
  { at: 2 * S, event: stillThere("inc-1") },
  { at: 3 * S, event: seen("api") },
  { at: 3 * S, event: stillThere("inc-2") },
  { at: 4 * S, event: finished("inc-1", "inc-1.002", false) },
  { at: 5 * S, event: finished("inc-2", "inc-2.001", true) },
  {
    at: 6 * S,
    event: { type: "SymptomCleared", service: "api", pattern: "uptime_problems", source: "check:0" },
  },
  { at: 9 * S, event: { type: "Tick" } },
];

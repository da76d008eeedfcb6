import {
  assessReadiness,
  buildDomainReport,
  DEFAULT_AUTOMATION,
  DEFAULT_DEPLOYS,
  DEFAULT_ESCALATION,
  type DomainReport,
  EMPTY_HISTORY,
  type EngineEvent,
  type EngineState,
  engineOnlyFacts,
  type IncidentHistory,
  initialState,
  type ReadinessAssessment,
  recordHistory,
  SEED_PATTERNS,
  step,
} from "@orbt/core";

const S = 1000;
export const DEMO_START_MS = Date.UTC(2026, 10, 26, 8, 0, 0);

const seen = (service: string): EngineEvent => ({
  type: "SymptomSeen",
  service,
  pattern: "uptime_problems",
  symptom: "service_unavailable",
  source: "check:http",
  detail: "GET /healthz: connection refused",
});

const finished = (incidentId: string, actionId: string, ok: boolean): EngineEvent => ({
  type: "RemedyFinished",
  incidentId,
  actionId,
  ok,
  exitCode: ok ? 0 : 1,
  durationMs: 1200,
  isTimedOut: false,
});

export function demoInitialState(): EngineState {
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
      environment: "prod",
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
      { name: "db", platform: "kubernetes", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
      { name: "api", platform: "docker", isDiscovered: false, verifyForMs: 2 * S, dependsOn: [] },
    ],
  );
}

/** The daemon's answer before each action: the symptom is still there. */
const stillThere = (incidentId: string): EngineEvent => ({
  type: "SymptomRechecked",
  incidentId,
  isPresent: true,
});

/** web: fixed at strike 1 (GREEN); db: both strikes fail, escalated (RED); api: in strike 2 (YELLOW). */
const DEMO_TIMELINE: readonly { at: number; event: EngineEvent }[] = [
  { at: 1 * S, event: seen("web") },
  { at: 1 * S, event: stillThere("inc-1") },
  { at: 2 * S, event: finished("inc-1", "inc-1.001", true) },
  {
    at: 3 * S,
    event: { type: "SymptomCleared", service: "web", pattern: "uptime_problems", source: "check:http" },
  },
  { at: 6 * S, event: { type: "Tick" } },
  { at: 10 * S, event: seen("db") },
  { at: 10 * S, event: stillThere("inc-2") },
  { at: 11 * S, event: finished("inc-2", "inc-2.001", false) },
  { at: 11 * S, event: stillThere("inc-2") },
  { at: 12 * S, event: finished("inc-2", "inc-2.002", false) },
  { at: 20 * S, event: seen("api") },
  { at: 20 * S, event: stillThere("inc-3") },
  { at: 21 * S, event: finished("inc-3", "inc-3.001", false) },
  { at: 21 * S, event: stillThere("inc-3") },
];

export const DEMO_EVENTS = DEMO_TIMELINE.map(({ at, event }) => ({ at: DEMO_START_MS + at, event }));

/** What a stream client holds after the demo events: web's fixed incident is in the history, not the state. */
export function demoView(): { readonly state: EngineState; readonly history: IncidentHistory } {
  let state = demoInitialState();
  let history = EMPTY_HISTORY;
  for (const { at, event } of DEMO_EVENTS) {
    const stepped = step(state, event, at);
    state = stepped.state;
    history = recordHistory(history, stepped.effects);
  }
  return { state, history };
}

/** The daemon's report over the last 24 hours a minute into the demo, as `GET /reports/current` builds it. */
export function demoReport(view: ReturnType<typeof demoView> = demoView()): DomainReport {
  const facts = engineOnlyFacts({
    id: "current",
    name: "current",
    state: view.state,
    resolvedIncidents: view.history.recentResolved,
  });
  return buildDomainReport(facts, 86_400_000, DEMO_START_MS + 60_000);
}

/** The daemon's readiness assessment of the demo: no tokens, a fresh backup never restored, web's SLA kept, no drill run. */
export function demoReadiness(): ReadinessAssessment {
  const service = { hasCheck: true, hasSignalSource: false, hasScalingRemedy: false };
  return assessReadiness(
    {
      project: "shop",
      environment: "dev",
      store: "sqlite",
      ha: false,
      services: [
        {
          ...service,
          name: "web",
          sla: { uptimePercent: 99.9, latencyP99Ms: 500 },
          measured: { uptimePercent: 100, latencyP99Ms: 42 },
        },
        { ...service, name: "db", sla: null, measured: { uptimePercent: null, latencyP99Ms: null } },
      ],
      ruleFiles: [],
      tokens: [],
      listenHost: "127.0.0.1",
      certificates: [],
      drills: { injected: 0, detected: 0 },
      backup: { dir: "/var/lib/orbt/backups", newestAgeMs: 3_600_000, restoreTestedAgeMs: null },
    },
    DEMO_START_MS + 60_000,
  );
}

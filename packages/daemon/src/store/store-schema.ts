import type { Generated } from "kysely";

/**
 * Tables as TypeScript sees them through CamelCasePlugin: columns are snake_case in SQL.
 * Booleans are 0/1 integers and JSON is text in both dialects, so one row shape fits both.
 */
export interface StoreSchema {
  events: { seq: Generated<number>; at: number; type: string; payload: string };
  incidents: {
    id: string;
    service: string;
    pattern: string;
    symptom: string;
    state: string;
    status: string;
    strike: number;
    openedAt: number;
    updatedAt: number;
    resolvedAt: number | null;
    resolution: string | null;
    acknowledgedAt: number | null;
    acknowledgedBy: string | null;
    detail: string | null;
  };
  actions: {
    id: string;
    incidentId: string;
    dprId: string;
    strike: number;
    solution: string;
    tool: string;
    argv: string;
    target: string;
    state: string;
    startedAt: number;
    finishedAt: number | null;
    ok: number | null;
    exitCode: number | null;
    durationMs: number | null;
    output: string | null;
    /** The leader's epoch the intent was written under; 0 without HA. */
    epoch: number;
    /** The action's step on its incident's ladder; null on rows from before 013 whose id did not say. */
    step: number | null;
  };
  knowledge: {
    pattern: string;
    solution: string;
    platform: string;
    scale: string;
    tries: number;
    successes: number;
    meanRecoveryMs: number | null;
    p90RecoveryMs: number | null;
    /** JSON array of numbers. */
    recentRecoveryMs: string;
    lastOutcome: string | null;
    lastAt: number | null;
    /** JSON array of lessons. */
    lessons: string;
    provenance: string;
  };
  escalations: {
    id: string;
    incidentId: string;
    at: number;
    reason: string;
    urgency: string;
    report: string;
    delivered: number;
    deliveryError: string | null;
  };
  notificationQueue: {
    id: Generated<number>;
    receiver: string;
    notificationId: string;
    kind: string;
    incidentId: string;
    payload: string;
    createdAt: number;
    state: string;
    attempts: number;
    nextAttemptAt: number;
    lastError: string | null;
    lastErrorAt: number | null;
    deliveredAt: number | null;
  };
  /** `body` is the engine checkpoint as JSON, as of journal row `seq`. */
  /** `baseSeq`: the full checkpoint an incremental one is taken over; null for a full one. */
  checkpoints: { seq: number; at: number; body: string; baseSeq: number | null };
  /** `report` is the whole report as JSON. */
  reports: { id: string; name: string; generatedAt: number; report: string };
  /** `drill` is the whole drill as JSON. */
  drills: { id: string; service: string; startedAt: number; outcome: string; drill: string };
  services: { name: string; platform: string; discovered: number; status: string; updatedAt: number };
  ruleGroupEvaluations: { groupFile: string; groupName: string; lastEvaluatedAt: number };
  /** `labels` is the alert's label set as JSON with sorted keys, so equal sets are equal text. */
  /** One row: the epoch the latest leader took, its fencing token. */
  leadership: { id: number; epoch: number; nodeId: string; acquiredAt: number };
  alertForState: { groupFile: string; groupName: string; labels: string; activeAt: number };
  /** `records` is the message's HostRecord list as JSON. */
  upstreamOutbox: { seq: number; at: number; records: string; ackedAt: number | null };
  fleetHosts: { host: string; lastSeq: number; lastSeenAt: number };
  /** `detail` is the whole incident as JSON. */
  fleetIncidents: { host: string; id: string; state: string; openedAt: number; detail: string };
  fleetEscalations: { host: string; id: string; at: number; escalation: string };
  fleetKnowledge: { host: string; key: string; entry: string };
  fleetServices: { host: string; name: string; status: string; service: string };
}

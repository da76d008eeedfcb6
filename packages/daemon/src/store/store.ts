import type {
  CheckpointSummary,
  Drill,
  DrillOutcome,
  Escalate,
  HostBatch,
  HostEscalation,
  HostMessage,
  HostRecord,
  HostService,
  Incident,
  IncidentState,
  KnowledgeEntry,
  Labels,
  NotificationKind,
  ServiceState,
  ServiceStatus,
  UrgencyLevel,
} from "@orbt/core";

export type StoreKind = "sqlite" | "postgres";

/** How a store is opened: the daemon's, or read-only, for a command that must change nothing. */
export type StoreAccess = "read_write" | "read_only";

export type StoreOptions =
  | { readonly kind: "sqlite"; readonly file: string }
  | { readonly kind: "postgres"; readonly connectionString: string };

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

export type JournalEventInput = { readonly at: number; readonly type: string; readonly payload: unknown };

/** `payload` is parsed JSON, still untrusted: replay parses it with the protocol schemas. */
export type JournalEvent = JournalEventInput & { readonly seq: number };

/** An incident's row: core's fields that listings filter and sort by, plus the whole incident as JSON. */
export type IncidentRecord = Readonly<
  Pick<
    Incident,
    | "id"
    | "service"
    | "pattern"
    | "symptom"
    | "state"
    | "status"
    | "strike"
    | "openedAt"
    | "updatedAt"
    | "resolvedAt"
    | "resolution"
    | "acknowledgedAt"
    | "acknowledgedBy"
  >
> & {
  /**
   * The whole incident as JSON, as of this write; on reads still untrusted, parsed at the edge.
   * null only in rows written before the store kept it.
   */
  readonly detail: JsonValue;
};

/** Where a page of the newest-first incident listing continues: after this incident. */
export type IncidentCursor = { readonly openedAt: number; readonly id: string };

export type ActionState = "intent" | "finished" | "interrupted";

export type ActionIntent = {
  readonly id: string;
  readonly incidentId: string;
  readonly dprId: string;
  readonly strike: number;
  readonly solution: string;
  readonly tool: string;
  readonly argv: readonly string[];
  readonly target: JsonValue;
  readonly startedAt: number;
  /** Its step on the incident's ladder: one action per (incident, step), ever. */
  readonly step: number;
  /** The epoch of the leader that wrote the intent (its fencing token); 0 without HA. */
  readonly epoch: number;
};

export type ActionOutcome = {
  readonly id: string;
  readonly finishedAt: number;
  readonly ok: boolean;
  /** null: killed at budget, never exited. */
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly output: string;
};

export type ActionRecord = Omit<ActionIntent, "step"> & {
  /** null on rows from before the store kept it whose id did not say. */
  readonly step: number | null;
  readonly state: ActionState;
  readonly finishedAt: number | null;
  readonly ok: boolean | null;
  readonly exitCode: number | null;
  readonly durationMs: number | null;
  readonly output: string | null;
};

export type ActionWriteError = {
  readonly code: "action_exists" | "action_not_pending";
  readonly actionId: string;
};

/** `action_exists` on an intent means the remedy was already started once: it must not run again. */
export type ActionWriteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: ActionWriteError };

export type EscalationInput = Readonly<Pick<Escalate, "incidentId" | "reason">> & {
  readonly id: string;
  readonly at: number;
  readonly urgency: UrgencyLevel;
  readonly report: JsonValue;
};

export type EscalationRecord = EscalationInput & {
  readonly delivered: boolean;
  readonly deliveryError: string | null;
};

export type NotificationState = "pending" | "delivered" | "failed";

/** One notification queued for one receiver. */
export type NotificationInput = {
  readonly receiver: string;
  /** The same for every receiver of one notification. */
  readonly notificationId: string;
  readonly kind: NotificationKind | "report";
  /** The incident it tells of; for a report, the report's id. */
  readonly incidentId: string;
  /** What receivers are given, as JSON; on reads still untrusted, parsed at the edge. */
  readonly payload: JsonValue;
  readonly createdAt: number;
};

export type NotificationRecord = NotificationInput & {
  /** Orders a receiver's queue. */
  readonly id: number;
  readonly state: NotificationState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly deliveredAt: number | null;
};

/** What one delivery attempt made of a queued notification. */
export type NotificationAttempt = {
  readonly id: number;
  readonly at: number;
  readonly state: NotificationState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  /** null when the attempt delivered it. */
  readonly error: string | null;
};

/** A receiver's queue in numbers, and its last delivery and last error. */
export type ReceiverQueueSummary = {
  readonly receiver: string;
  readonly pending: number;
  readonly delivered: number;
  readonly failed: number;
  readonly lastDeliveredAt: number | null;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
};

/** A kept domain report; `report` on reads still untrusted, parsed at the edge. */
export type ReportRecord = {
  readonly id: string;
  readonly name: string;
  readonly generatedAt: number;
  readonly report: JsonValue;
};

/** A kept drill: what listings sort and settle by, and the whole drill, on reads still untrusted. */
export type DrillRecord = Readonly<Pick<Drill, "id" | "service" | "startedAt" | "outcome">> & {
  readonly drill: JsonValue;
};

export type ServiceRecord = Readonly<Pick<ServiceState, "name" | "platform" | "isDiscovered">> & {
  readonly status: ServiceStatus;
  readonly updatedAt: number;
};

/** A rule group, keyed as Prometheus keys it: by its file and its name. */
export type RuleGroupRef = { readonly file: string; readonly name: string };

/** A pending or firing alert of a rule group and the time it became active. */
export type AlertForState = { readonly labels: Labels; readonly activeAt: number };

/** What a rule group's evaluation at `evaluatedAt` changed in its alerts' `for` state. */
export type AlertForStateChange = {
  readonly group: RuleGroupRef;
  readonly evaluatedAt: number;
  readonly upserts: readonly AlertForState[];
  readonly deletes: readonly Labels[];
};

/** A rule group's saved `for` state, as of its last evaluation that had alerts pending or firing. */
export type RuleGroupForState = {
  readonly group: RuleGroupRef;
  readonly lastEvaluatedAt: number;
  readonly alerts: readonly AlertForState[];
};

/** What a central daemon keeps of a host reporting to it. */
export type FleetHostRecord = {
  readonly host: string;
  readonly lastSeq: number;
  readonly lastSeenAt: number;
  readonly openIncidents: number;
  readonly services: readonly Pick<HostService, "name" | "status">[];
};
/** Who took the leadership last, and the epoch they took with it. */
export type Leadership = { readonly epoch: number; readonly nodeId: string; readonly acquiredAt: number };
/**
 * A checkpoint as stored: `body` is its JSON text, still untrusted, parsed at the edge; `baseSeq` names the
 * full checkpoint an incremental one is taken over, null for a full one.
 */
export type CheckpointRecord = {
  readonly seq: number;
  readonly at: number;
  readonly body: string;
  readonly baseSeq: number | null;
};

/** What one retention sweep removed. */
export type RetentionSweep = { readonly events: number; readonly incidents: number };

/** Everything a transaction handle can do: journal appends and projection writes commit together. */
export interface StoreQueries {
  appendEvent(event: JournalEventInput): Promise<number>;
  readEvents(query: { readonly sinceSeq: number; readonly limit?: number }): Promise<JournalEvent[]>;
  /** 0 when the journal is empty. */
  lastSeq(): Promise<number>;

  /** In as few statements as the store's parameter limits allow; at most one row per id. */
  upsertIncidents(incidents: readonly IncidentRecord[]): Promise<void>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  /** Newest first by `openedAt`, then `id`; with `after`, only those listed after that incident. */
  listIncidents(filter?: {
    readonly state?: IncidentState;
    readonly limit?: number;
    readonly after?: IncidentCursor;
  }): Promise<IncidentRecord[]>;
  /** Resolved incidents whose resolution came at or after `since`, oldest first. */
  listIncidentsResolvedSince(since: number): Promise<IncidentRecord[]>;
  /** Incidents whose row has no `detail` yet, so that start-up can fill it in from the journal. */
  listIncidentIdsWithoutDetail(): Promise<string[]>;

  recordActionIntent(intent: ActionIntent): Promise<ActionWriteResult>;
  /** A dry run's action: recorded with what it would have run, finished at once, never executed. */
  recordDryRunAction(intent: ActionIntent): Promise<ActionWriteResult>;
  recordActionOutcome(outcome: ActionOutcome): Promise<ActionWriteResult>;
  markActionInterrupted(id: string, at: number): Promise<ActionWriteResult>;
  listActionsWithoutOutcome(): Promise<ActionRecord[]>;
  listActionsForIncident(incidentId: string): Promise<ActionRecord[]>;

  /** Takes the next epoch for `nodeId`: every epoch an earlier leader holds is stale from its commit on. */
  takeLeadership(nodeId: string, at: number): Promise<number>;
  /** Epoch 0 and no node before any leader. */
  readLeadership(): Promise<Leadership>;
  /**
   * Whether `epoch` is still the current one. In a transaction on Postgres it also holds a new leader's
   * `takeLeadership` back until the transaction ends, so what it commits is seen by that new leader.
   */
  holdsEpoch(epoch: number): Promise<boolean>;

  /** Whole rows, as the engine holds them: the store is where the engine reads its knowledge at start. */
  upsertKnowledge(entries: readonly KnowledgeEntry[]): Promise<void>;
  listKnowledge(): Promise<KnowledgeEntry[]>;

  insertEscalations(escalations: readonly EscalationInput[]): Promise<void>;
  markEscalationDelivered(id: string): Promise<void>;
  /** Leaves an escalation that was delivered (by another receiver) delivered. */
  markEscalationFailed(id: string, deliveryError: string): Promise<void>;
  /** Newest first by `at`, then `id`. */
  listEscalations(filter?: { readonly limit?: number }): Promise<EscalationRecord[]>;
  getEscalation(id: string): Promise<EscalationRecord | undefined>;

  enqueueNotifications(notifications: readonly NotificationInput[]): Promise<void>;
  /** The receiver's oldest pending notification: each receiver's queue is delivered in order. */
  nextPendingNotification(receiver: string): Promise<NotificationRecord | undefined>;
  recordNotificationAttempt(attempt: NotificationAttempt): Promise<void>;
  countPendingNotifications(receiver: string): Promise<number>;
  /** One row per receiver that has ever had a notification queued, by name. */
  summarizeNotificationQueues(): Promise<ReceiverQueueSummary[]>;
  /** Gives up what is pending for receivers other than `receivers`; returns how many were given up. */
  failPendingNotificationsExcept(receivers: readonly string[], error: string, at: number): Promise<number>;

  insertReport(report: ReportRecord): Promise<void>;
  getReport(id: string): Promise<ReportRecord | undefined>;
  /** Newest first by `generatedAt`, then `id`. */
  listReports(filter?: { readonly limit?: number }): Promise<ReportRecord[]>;

  /** Written when a drill starts and again when it ends. */
  saveDrill(drill: DrillRecord): Promise<void>;
  getDrill(id: string): Promise<DrillRecord | undefined>;
  /** Newest first by `startedAt`, then `id`; `since` keeps those started at or after it. */
  listDrills(filter?: {
    readonly limit?: number;
    readonly since?: number;
    readonly outcome?: DrillOutcome;
  }): Promise<DrillRecord[]>;

  upsertService(service: ServiceRecord): Promise<void>;
  listServices(): Promise<ServiceRecord[]>;

  /**
   * Saves the checkpoint. A full one keeps the newest `keep` full ones, the oldest of which bounds what the
   * journal may lose; either kind leaves no other incremental one, so the one kept is over the newest base.
   */
  saveCheckpoint(checkpoint: CheckpointRecord, keep: number): Promise<void>;
  /** Newest first. */
  listCheckpoints(): Promise<CheckpointSummary[]>;
  readCheckpoint(seq: number): Promise<CheckpointRecord | undefined>;
  /** Deletes the journal rows at or before `throughSeq` written before `before`. */
  deleteEventsThrough(throughSeq: number, before: number): Promise<number>;
  /** Deletes incidents resolved before `before`, with their actions and escalations. */
  deleteIncidentsResolvedBefore(before: number): Promise<number>;

  /** Records the group's evaluation time, upserts and deletes; its other alerts stay as they are. */
  saveAlertForState(change: AlertForStateChange): Promise<void>;
  /** Drops everything saved for the group. */
  forgetAlertForState(group: RuleGroupRef): Promise<void>;
  /** Groups by file then name, alerts by labels. */
  listAlertForState(): Promise<RuleGroupForState[]>;

  /** Appends a message to the host's outbox with the seq after its last one; returns that seq. */
  appendOutbox(message: { readonly at: number; readonly records: readonly HostRecord[] }): Promise<number>;
  /** The oldest messages the central daemon has not applied yet, in seq order. */
  listOutbox(limit: number): Promise<HostMessage[]>;
  /** Drops messages up to `throughSeq`, keeping the last one's seq so the next append goes on from it. */
  ackOutbox(throughSeq: number, at: number): Promise<void>;
  countOutbox(): Promise<number>;

  /** Each host's last applied seq; 0 for a host never heard from. */
  fleetLastSeqs(hosts: readonly string[]): Promise<Map<string, number>>;
  /**
   * Writes what each host's messages changed, in a few multi-row statements, and records each host's last
   * message's seq as its last applied.
   */
  applyHostBatches(batches: readonly HostBatch[], at: number): Promise<void>;
  /** By name. */
  listFleetHosts(): Promise<FleetHostRecord[]>;
  /** Newest first by `openedAt`, then `id`, as `listIncidents`. */
  listHostIncidents(
    host: string,
    filter?: {
      readonly state?: IncidentState;
      readonly limit?: number;
      readonly after?: IncidentCursor;
    },
  ): Promise<Incident[]>;
  getHostIncident(host: string, id: string): Promise<Incident | undefined>;
  /** Every host's, newest first by `openedAt`, then `id`. */
  listFleetIncidents(filter: {
    readonly state?: IncidentState;
    readonly limit: number;
  }): Promise<{ host: string; incident: Incident }[]>;
  /** Newest first by `at`, then `id`. */
  listHostEscalations(host: string, filter?: { readonly limit?: number }): Promise<HostEscalation[]>;
}

export interface Store extends StoreQueries {
  /** Commits when `fn` resolves, rolls back and rethrows when it rejects. */
  transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

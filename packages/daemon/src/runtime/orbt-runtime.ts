import {
  type AutomationView,
  assertNever,
  buildAutomationView,
  type CheckpointBase,
  changedIncidentIds,
  type Effect,
  EMPTY_HISTORY,
  EngineEvent,
  type EngineState,
  type EventFrame,
  escalationReportsOf,
  findLiveIncident,
  type HostRecord,
  type Incident,
  type IncidentHistory,
  initialState,
  isSourceSilenced,
  isTriggerReason,
  loadKnowledge,
  nextWakeAt,
  notificationsOf,
  type RecheckSymptom,
  type RunRemedy,
  recheckRequest,
  recordHistory,
  type Step,
  type StoreStatusResponse,
  step,
} from "@orbt/core";
import type { OrbtConfig } from "../config/orbt-config.js";
import type { Logger } from "../create-logger.js";
import type { DaemonMetrics } from "../daemon-metrics.js";
import { recordForwarded } from "../fleet/record-forwarded.js";
import type { UpstreamSender } from "../fleet/upstream-sender.js";
import type { NotificationDelivery } from "../notify/notification-delivery.js";
import { recheckSymptom } from "../signals/checks/recheck-symptom.js";
import type { JournalEvent, Store, StoreQueries } from "../store/store.js";
import { loadCheckpoint, writeCheckpoint } from "./engine-checkpoints.js";
import { toEngineSettings, toServiceStates } from "./engine-settings.js";
import { NotLeaderError } from "./not-leader-error.js";
import { runRemedy } from "./run-remedy.js";
import { toIncidentRecord, writeProjections } from "./write-projections.js";

export type RuntimeOptions = {
  readonly config: OrbtConfig;
  readonly store: Store;
  readonly log: Logger;
  readonly metrics: DaemonMetrics;
  /** Where the notifications of each step are queued, in the step's transaction, and delivered from. */
  readonly notifications?: NotificationDelivery;
  /** Where what each step changes is queued for the central daemon, in the step's transaction. */
  readonly upstream?: Pick<UpstreamSender, "enqueue" | "wake">;
  readonly clock?: () => number;
  /** Called once when a write finds the leader's epoch taken over by another node: this one must stop. */
  readonly onFenced?: (error: NotLeaderError) => void;
};

/**
 * What the runtime writes under once in charge: the leader's epoch, checked in every transaction when
 * `isFenced` (an HA pair), else 0 and unchecked (the one daemon of its store).
 */
export type Charge = { readonly epoch: number; readonly isFenced: boolean };

/** The one daemon of its store (no HA): epoch 0, nothing to fence against. */
export const SOLE_WRITER: Charge = { epoch: 0, isFenced: false };

export type ActiveSource = { readonly service: string; readonly pattern: string; readonly source: string };

type RunningRemedy = { readonly abort: AbortController; readonly done: Promise<void> };

/** How the last start rebuilt the state, and the newest checkpoint written or read since. */
export type CheckpointStatus = StoreStatusResponse["checkpoint"];

const REPLAY_PAGE = 1_000;

/**
 * The daemon's one writer: feeds events through the engine one at a time, commits the journal row and its
 * projections in one transaction, and only then performs the effects and tells subscribers.
 */
export class OrbtRuntime {
  #state: EngineState;
  #history: IncidentHistory = EMPTY_HISTORY;
  #seq = 0;
  #queue: Promise<void> = Promise.resolve();
  #wakeTimer: NodeJS.Timeout | undefined;
  #isStopping = false;
  #isPastGrace = false;
  #checkpointTimer: NodeJS.Timeout | undefined;
  #checkpoint: CheckpointStatus;
  /** The newest full checkpoint, which incremental ones are taken over; undefined until one is read or written. */
  #checkpointBase: CheckpointBase | undefined;
  readonly #running = new Map<string, RunningRemedy>();
  readonly #listeners = new Set<(frame: EventFrame) => void>();
  readonly #clock: () => number;
  /** Undefined while it only follows the journal (an HA follower, or before start). */
  #charge: Charge | undefined;

  constructor(private readonly options: RuntimeOptions) {
    this.#clock = options.clock ?? Date.now;
    this.#state = initialState(toEngineSettings(options.config), toServiceStates(options.config));
    this.#checkpoint = {
      isEnabled: options.config.checkpoints !== null,
      last: null,
      resumedFromSeq: null,
      replayedAtStart: 0,
    };
  }

  get checkpoint(): CheckpointStatus {
    return this.#checkpoint;
  }

  /** Live incidents only; resolved ones are in the store and, the latest of them, in `history`. */
  get state(): EngineState {
    return this.#state;
  }

  get history(): IncidentHistory {
    return this.#history;
  }

  get seq(): number {
    return this.#seq;
  }

  /** The engine's clock: what a request's times are judged against. */
  now(): number {
    return this.#clock();
  }

  get runningRemedies(): number {
    return this.#running.size;
  }

  /** The rails as of now: the kill switch, the budget used, actions running and waiting, cooldowns. */
  automationView(): AutomationView {
    return buildAutomationView(this.#state, this.#clock());
  }

  /** Loads the journal and takes charge at once: the one daemon of its store. */
  async start(): Promise<void> {
    await this.load();
    await this.takeCharge(SOLE_WRITER);
  }

  /**
   * Rebuilds state and history from the newest readable checkpoint and the journal after it, which leaves
   * only live incidents in memory, without acting on any of it: an HA follower stays here, following the
   * journal.
   */
  async load(): Promise<void> {
    const { store, log, config } = this.options;
    const withoutDetail = new Set(await store.listIncidentIdsWithoutDetail());
    // Rows stored before incidents kept their detail get it from a full replay, once: a checkpoint would
    // skip the journal rows it is read from.
    const resumed =
      config.checkpoints === null || withoutDetail.size > 0
        ? undefined
        : await loadCheckpoint(store, this.#state.settings, toServiceStates(config), log);
    if (resumed !== undefined) {
      this.#state = resumed.state;
      this.#history = resumed.history;
      this.#seq = resumed.seq;
      this.#checkpointBase = resumed.base;
      log.info(
        { checkedBy: resumed.checkedBy, seq: resumed.seq, baseSeq: resumed.base.seq },
        "resuming from checkpoint",
      );
    }
    let replayed = 0;
    for (;;) {
      const rows = await store.readEvents({ sinceSeq: this.#seq, limit: REPLAY_PAGE });
      for (const row of rows) {
        const result = this.#replay(row);
        if (result !== undefined && withoutDetail.size > 0)
          await fillDetail(store, archivedBy(result), withoutDetail);
        replayed += 1;
      }
      if (rows.length < REPLAY_PAGE) break;
    }
    if (withoutDetail.size > 0) await fillDetail(store, Object.values(this.#state.incidents), withoutDetail);
    await this.#loadKnowledge();
    this.#countLive();
    // Not the journal's last seq: on a shared store another node may have appended since the last page,
    // and following goes on from the last row applied.
    log.info({ replayed, seq: this.#seq }, "journal replayed");
    this.#checkpoint = {
      ...this.#checkpoint,
      last: (await store.listCheckpoints())[0] ?? null,
      resumedFromSeq: resumed?.seq ?? null,
      replayedAtStart: replayed,
    };
  }

  /**
   * Applies what another node journaled since the last row seen, and tells subscribers, as the writer does;
   * returns how many rows came. A follower calls it on a timer; queued like events, so never twice at once.
   */
  follow(): Promise<number> {
    const next = this.#queue.then(() => this.#followJournal());
    this.#queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  async #followJournal(): Promise<number> {
    let followed = 0;
    for (;;) {
      const rows = await this.options.store.readEvents({ sinceSeq: this.#seq, limit: REPLAY_PAGE });
      for (const row of rows) {
        const before = this.#state;
        const result = this.#replay(row);
        if (result === undefined) continue;
        this.#countOpened(before, result.state);
        const frame = { type: "event", seq: row.seq, at: row.at, event: result.event } as const;
        for (const listener of this.#listeners) listener(frame);
      }
      followed += rows.length;
      if (rows.length < REPLAY_PAGE) return followed;
    }
  }

  /**
   * Becomes the writer: follows the journal to its end, then settles remedies a crash (of this node or of
   * the leader before it) left without an outcome as interrupted, never running them again, asks again the
   * re-checks left unanswered and resumes the ladders' clocks.
   */
  async takeCharge(charge: Charge): Promise<void> {
    const { store, log } = this.options;
    await this.follow();
    this.#charge = charge;
    // A follower's base may be a full checkpoint the leader has deleted since: the next one is full.
    const newestFull = (await store.listCheckpoints()).find((checkpoint) => checkpoint.baseSeq === null);
    if (newestFull?.seq !== this.#checkpointBase?.seq) this.#checkpointBase = undefined;
    for (const action of await store.listActionsWithoutOutcome()) {
      log.warn(
        { actionId: action.id, dpr: action.dprId, epoch: action.epoch },
        "remedy interrupted by a restart or a takeover: verifying, not re-running",
      );
      await this.dispatch(
        { type: "RemedyInterrupted", incidentId: action.incidentId, actionId: action.id },
        (tx, now) => tx.markActionInterrupted(action.id, now).then(() => undefined),
      );
    }
    // A re-check asked for before the restart was never answered: ask again.
    for (const incident of Object.values(this.#state.incidents)) {
      if (incident.phase.kind === "rechecking") this.#perform(recheckRequest(incident));
    }
    await this.dispatch({ type: "Tick" });
    const { checkpoints } = this.options.config;
    if (checkpoints !== null) {
      // Queued, not awaited; only after a long replay: after a few rows the next one due will do.
      if (this.#checkpoint.replayedAtStart >= checkpoints.everyEvents)
        void this.#serialise(() => this.#writeCheckpoint());
      this.#checkpointTimer = setInterval(
        () => void this.#serialise(() => this.#writeCheckpoint()),
        checkpoints.intervalMs,
      );
      this.#checkpointTimer.unref();
    }
  }

  /** The epoch this node writes under; undefined while it follows. */
  get charge(): Charge | undefined {
    return this.#charge;
  }

  /** One journal row through the engine, without effects; undefined for a row that is not a valid event. */
  #replay(row: JournalEvent): (Step & { readonly event: EngineEvent }) | undefined {
    this.#seq = row.seq;
    const parsed = EngineEvent.safeParse(row.payload);
    if (!parsed.success) {
      this.options.log.error(
        { seq: row.seq, type: row.type, err: parsed.error.message },
        "journal row skipped: not a valid event",
      );
      return undefined;
    }
    const result = step(this.#state, parsed.data, row.at);
    this.#apply(result);
    return { ...result, event: parsed.data };
  }

  /**
   * The store is the knowledge's source of truth: what the journal's replay rebuilt gives way to its rows,
   * over the catalog's untried ones.
   */
  async #loadKnowledge(): Promise<void> {
    const rows = await this.options.store.listKnowledge();
    this.#state = { ...this.#state, knowledge: loadKnowledge(this.#state.settings.patterns, rows) };
  }

  /** Serialised: resolves once the event is committed and its effects have been started. */
  dispatch(event: EngineEvent, alsoWrite?: (tx: StoreQueries, now: number) => Promise<void>): Promise<void> {
    return this.#serialise(
      () => this.#process(event, alsoWrite),
      { event: event.type },
      "event not processed",
    );
  }

  /** Runs `task` after everything queued before it, as the one writer; a failure is logged and returned. */
  #serialise(
    task: () => Promise<void>,
    context: Record<string, unknown> = {},
    failure = "checkpoint not written",
  ): Promise<void> {
    const next = this.#queue.then(task);
    this.#queue = next.catch((err: unknown) => {
      this.options.log.error({ err, ...context }, failure);
    });
    return next;
  }

  /**
   * A checkpoint of the state as of the last journal row, unless the newest already covers it; only by the
   * node in charge, which alone writes. Full when `every` rows have come since the last full one (or there
   * is none), incremental over it otherwise.
   */
  async #writeCheckpoint(): Promise<void> {
    const { config, store, log } = this.options;
    if (config.checkpoints === null || this.#charge === undefined) return;
    if (this.#seq === (this.#checkpoint.last?.seq ?? 0)) return;
    const started = performance.now();
    const base = this.#checkpointBase;
    const over =
      base === undefined || this.#seq - base.seq >= config.checkpoints.everyEvents ? undefined : base;
    const state = this.#state;
    const seq = this.#seq;
    const written = await writeCheckpoint(
      store,
      config.checkpoints,
      { state, history: this.#history, seq },
      this.#clock(),
      over,
    );
    this.#checkpoint = { ...this.#checkpoint, last: written.checkpoint };
    if (over === undefined) this.#checkpointBase = { seq, incidents: state.incidents };
    log.info(
      {
        seq: written.checkpoint.seq,
        baseSeq: written.checkpoint.baseSeq ?? written.checkpoint.seq,
        bytes: written.checkpoint.bytes,
        durationMs: Math.round(performance.now() - started),
        deletedEvents: written.swept.events,
        deletedIncidents: written.swept.incidents,
      },
      "checkpoint written",
    );
  }

  /** Raised and not cleared: it keeps a live incident open, or a silence holds it back. */
  isSourceActive(service: string, pattern: string, source: string): boolean {
    const isOnIncident = findLiveIncident(this.#state, service, pattern)?.activeSources.includes(source);
    return isOnIncident === true || isSourceSilenced(this.#state, service, pattern, source);
  }

  /** Every source whose symptom keeps a live incident open or is held back by a silence. */
  activeSources(): ActiveSource[] {
    const onIncidents = Object.values(this.#state.incidents).flatMap((incident) =>
      incident.activeSources.map((source) => ({
        service: incident.service,
        pattern: incident.pattern,
        source,
      })),
    );
    const silenced = this.#state.silencedSymptoms.map(({ service, pattern, source }) => ({
      service,
      pattern,
      source,
    }));
    return [...onIncidents, ...silenced];
  }

  subscribe(listener: (frame: EventFrame) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Stops taking work and waits for running remedies up to `graceMs`. Remedies still running then are
   * stopped without recording an outcome: the next start finds their intent and verifies instead.
   */
  async stop(graceMs: number): Promise<void> {
    this.#isStopping = true;
    clearTimeout(this.#wakeTimer);
    clearInterval(this.#checkpointTimer);
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      graceTimer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all([...this.#running.values()].map((remedy) => remedy.done)), grace]);
    clearTimeout(graceTimer);
    this.#isPastGrace = true;
    for (const remedy of this.#running.values()) remedy.abort.abort();
    await this.#queue;
    // A clean stop leaves a checkpoint of its last state: the next start replays nothing.
    await this.#serialise(() => this.#writeCheckpoint()).catch(() => undefined); // logged
  }

  async #process(
    event: EngineEvent,
    alsoWrite?: (tx: StoreQueries, now: number) => Promise<void>,
  ): Promise<void> {
    const charge = this.#charge;
    if (charge === undefined) throw new NotLeaderError("this orbtd follows the leader: it does not write");
    const now = this.#clock();
    const before = this.#state;
    const result = step(before, event, now);
    const isNoop = result.state === before && result.effects.length === 0;
    if (isNoop) {
      if (alsoWrite !== undefined)
        await this.#transaction(charge, async (tx) => {
          await alsoWrite(tx, now);
        });
      this.#scheduleWake();
      return;
    }
    const { notifications, upstream } = this.options;
    const reports = escalationReportsOf(result, now);
    const told = notifications === undefined ? [] : notificationsOf(before, result, now, reports);
    const seq = await this.#transaction(charge, async (tx) => {
      const appended = await tx.appendEvent({ at: now, type: event.type, payload: event });
      await alsoWrite?.(tx, now);
      const forwarded: HostRecord[] = [];
      const projections = upstream === undefined ? tx : recordForwarded(tx, forwarded);
      await writeProjections(
        projections,
        this.options.config,
        before,
        result.state,
        result.effects,
        reports,
        now,
        charge.epoch,
      );
      // Queued with the journal row, like notifications: the central daemon hears of a step exactly when
      // it was committed here.
      await upstream?.enqueue(tx, forwarded, now);
      // Queued with the journal row: after a crash, a step is either journaled and its notifications
      // queued, or neither, and the journal's replay at start-up never queues them a second time.
      await notifications?.enqueue(tx, told, appended);
      return appended;
    });
    this.#apply(result);
    this.#seq = seq;
    this.#countOpened(before, result.state);
    for (const listener of this.#listeners) listener({ type: "event", seq, at: now, event });
    for (const effect of result.effects) this.#perform(effect);
    if (told.length > 0) notifications?.wake();
    upstream?.wake();
    this.#scheduleWake();
    const { checkpoints } = this.options.config;
    const due =
      checkpoints === null
        ? undefined
        : Math.min(checkpoints.everyEvents, checkpoints.incrementalEveryEvents);
    if (due !== undefined && seq - (this.#checkpoint.last?.seq ?? 0) >= due) {
      // The event is committed whatever becomes of its checkpoint: the next one covers it.
      await this.#writeCheckpoint().catch((err: unknown) =>
        this.options.log.error({ err, seq }, "checkpoint not written"),
      );
    }
  }

  /**
   * A store transaction that, for a fenced charge, first checks the epoch is still the current one and holds
   * a new leader's takeover back until it commits: a leader that lost its lock writes nothing after the
   * takeover, and what it wrote before, the new leader sees.
   */
  async #transaction<T>(charge: Charge, fn: (tx: StoreQueries) => Promise<T>): Promise<T> {
    try {
      return await this.options.store.transaction(async (tx) => {
        if (charge.isFenced && !(await tx.holdsEpoch(charge.epoch))) {
          throw new NotLeaderError(`epoch ${charge.epoch} was taken over by a newer leader`);
        }
        return fn(tx);
      });
    } catch (err) {
      if (err instanceof NotLeaderError && this.#charge !== undefined) {
        this.#charge = undefined;
        this.#isStopping = true;
        clearTimeout(this.#wakeTimer);
        this.options.onFenced?.(err);
      }
      throw err;
    }
  }

  #apply(result: Step): void {
    this.#state = result.state;
    this.#history = recordHistory(this.#history, result.effects);
  }

  /** The incidents a step opened, and the live ones by state, from the incidents it changed. */
  #countOpened(before: EngineState, after: EngineState): void {
    const { metrics } = this.options;
    for (const id of changedIncidentIds(before.incidents, after.incidents)) {
      const was = before.incidents[id];
      const is = after.incidents[id];
      if (was === undefined && is !== undefined) metrics.incidentsOpened.inc({ pattern: is.pattern });
      if (was?.state === is?.state) continue;
      if (was !== undefined) metrics.openIncidents.dec({ state: was.state });
      if (is !== undefined) metrics.openIncidents.inc({ state: is.state });
    }
  }

  /** The live incidents by state, counted whole: after a start, before steps move the counts. */
  #countLive(): void {
    for (const state of ["open", "escalated"] as const) {
      const live = Object.values(this.#state.incidents).filter((incident) => incident.state === state);
      this.options.metrics.openIncidents.set({ state }, live.length);
    }
  }

  #perform(effect: Effect): void {
    const { log, metrics } = this.options;
    switch (effect.type) {
      case "RunRemedy":
        if (effect.isDryRun) {
          metrics.remediesFinished.inc({ outcome: "would_run" });
          log.info(
            {
              incidentId: effect.incidentId,
              strike: effect.strike,
              dpr: effect.dprId,
              solution: effect.solution,
            },
            "dry run: remedy recorded as would_run, not executed",
          );
          return;
        }
        metrics.strikesStarted.inc({ strike: String(effect.strike) });
        this.#startRemedy(effect);
        return;
      case "RecheckSymptom":
        void this.#recheck(effect);
        return;
      case "CancelRemedy":
        log.warn({ incidentId: effect.incidentId, actionId: effect.actionId }, "remedy cancelled");
        this.#running.get(effect.actionId)?.abort.abort();
        return;
      case "Escalate":
        if (!isTriggerReason(effect.reason)) metrics.strikesStarted.inc({ strike: "3" });
        metrics.escalations.inc({ reason: effect.reason });
        log.warn({ incidentId: effect.incidentId, reason: effect.reason }, "incident escalated");
        return;
      case "ArchiveIncident":
        log.info(
          { incidentId: effect.incident.id, resolution: effect.incident.resolution },
          "incident resolved",
        );
        return;
      case "RecordOutcome":
        return;
      default:
        assertNever(effect);
    }
  }

  #startRemedy(effect: RunRemedy): void {
    const { log, metrics, config } = this.options;
    const abort = new AbortController();
    log.info(
      { incidentId: effect.incidentId, strike: effect.strike, dpr: effect.dprId, solution: effect.solution },
      "remedy started",
    );
    const done = runRemedy(config, effect, abort.signal).then(async ({ event, fullOutput }) => {
      if (this.#isPastGrace) return;
      metrics.remediesFinished.inc({
        outcome: event.ok ? "succeeded" : event.isTimedOut ? "timed_out" : "failed",
      });
      log.info(
        {
          incidentId: effect.incidentId,
          dpr: effect.dprId,
          ok: event.ok,
          exitCode: event.exitCode,
          durationMs: event.durationMs,
        },
        "remedy finished",
      );
      await this.dispatch(event, (tx, now) =>
        tx
          .recordActionOutcome({
            id: effect.actionId,
            finishedAt: now,
            ok: event.ok,
            exitCode: event.exitCode,
            durationMs: event.durationMs,
            output: fullOutput,
          })
          .then(() => undefined),
      );
    });
    const tracked = done.finally(() => this.#running.delete(effect.actionId));
    this.#running.set(effect.actionId, { abort, done: tracked.catch(() => undefined) });
  }

  async #recheck(effect: RecheckSymptom): Promise<void> {
    const { config, log } = this.options;
    const isPresent = await recheckSymptom(config.services, effect, (source) =>
      this.isSourceActive(effect.service, effect.pattern, source),
    );
    // Unanswered, the incident stays re-checking; the next start asks again.
    if (this.#isStopping) return;
    log.info({ incidentId: effect.incidentId, isPresent }, "symptom re-checked before acting");
    await this.dispatch({ type: "SymptomRechecked", incidentId: effect.incidentId, isPresent }).catch(
      () => undefined, // logged by dispatch
    );
  }

  #scheduleWake(): void {
    clearTimeout(this.#wakeTimer);
    if (this.#isStopping) return;
    const wakeAt = nextWakeAt(this.#state);
    if (wakeAt === undefined) return;
    const delayMs = Math.max(0, wakeAt - this.#clock());
    this.#wakeTimer = setTimeout(() => void this.dispatch({ type: "Tick" }), delayMs);
  }
}

function archivedBy(result: Step): Incident[] {
  return result.effects.flatMap((effect) => (effect.type === "ArchiveIncident" ? [effect.incident] : []));
}

/**
 * Rows written before the store kept an incident's whole JSON get it from the replayed journal, once:
 * resolved incidents are no longer in memory to be read from.
 */
async function fillDetail(store: Store, incidents: readonly Incident[], missing: Set<string>): Promise<void> {
  const filled = incidents.filter((incident) => missing.delete(incident.id));
  await store.upsertIncidents(filled.map(toIncidentRecord));
}

import {
  type Alert,
  evaluateGroup,
  type GroupEvaluation,
  type GroupState,
  initialGroupState,
  type RuleAlert,
  type RuleContext,
  type SeriesStore,
} from "@orbt/core";
import type { SeriesAppender } from "../series-appender.js";
import type { LoadedRuleGroup } from "./loaded-rule-group.js";

/** Where recorded and ALERTS samples go; `MemorySeriesStore` is one. */

/** An alert that started firing or stopped firing; a resolved alert is only ever reported after it fired. */
export type AlertTransition = {
  readonly type: "fired" | "resolved";
  readonly file: string;
  readonly group: string;
  readonly rule: string;
  readonly alert: Alert;
};

export type RuleEvaluationError = {
  readonly file: string;
  readonly group: string;
  readonly rule: string;
  readonly message: string;
  readonly timeMs: number;
};

export type RuleSchedulerOptions = {
  readonly groups: readonly LoadedRuleGroup[];
  readonly store: SeriesStore;
  readonly appender: SeriesAppender;
  readonly onTransition: (transition: AlertTransition) => void;
  readonly onRuleError?: (error: RuleEvaluationError) => void;
  readonly context?: RuleContext;
  readonly nowMs?: () => number;
};

type Slot = {
  readonly loaded: LoadedRuleGroup;
  state: GroupState;
  timer?: NodeJS.Timeout;
  alerts: readonly RuleAlert[];
  lastEvaluationMs?: number;
  evaluationTimeMs: number;
  /** The last evaluation's error per rule name. */
  errors: ReadonlyMap<string, string>;
};

/** What a group looked like after its last evaluation, for the rules API. */
export type GroupStatus = Readonly<
  Pick<Slot, "loaded" | "alerts" | "lastEvaluationMs" | "evaluationTimeMs" | "errors">
>;

/**
 * Evaluates each rule group every `interval`, at interval-aligned timestamps as Prometheus does, writes
 * what the rules produce to the appender and reports alert transitions. Missed slots are skipped.
 */
export class RuleScheduler {
  readonly #slots: Slot[];
  readonly #nowMs: () => number;
  #isRunning = false;

  constructor(private readonly options: RuleSchedulerOptions) {
    this.#slots = options.groups.map((loaded) => ({
      loaded,
      state: initialGroupState(loaded.group),
      alerts: [],
      evaluationTimeMs: 0,
      errors: new Map(),
    }));
    this.#nowMs = options.nowMs ?? Date.now;
  }

  start(): void {
    if (this.#isRunning) return;
    this.#isRunning = true;
    for (const slot of this.#slots) this.#schedule(slot);
  }

  stop(): void {
    this.#isRunning = false;
    for (const slot of this.#slots) clearTimeout(slot.timer);
  }

  /** Every alert the groups hold: pending, firing and recently resolved. */
  alerts(): RuleAlert[] {
    return this.#slots.flatMap((slot) => slot.alerts);
  }

  groupStatuses(): readonly GroupStatus[] {
    return this.#slots;
  }

  /** One round of every group at `timeMs`; the timers call this per group. */
  evaluateAt(timeMs: number): void {
    for (const slot of this.#slots) this.#evaluate(slot, timeMs);
  }

  #schedule(slot: Slot): void {
    if (!this.#isRunning) return;
    const intervalMs = slot.loaded.group.intervalMs;
    const now = this.#nowMs();
    const nextMs = Math.floor(now / intervalMs) * intervalMs + intervalMs;
    slot.timer = setTimeout(() => {
      this.#evaluate(slot, nextMs);
      this.#schedule(slot);
    }, nextMs - now);
  }

  #evaluate(slot: Slot, timeMs: number): GroupEvaluation {
    const { group, file } = slot.loaded;
    const startedAtMs = performance.now();
    const round = evaluateGroup(slot.state, group, timeMs, this.options.store, this.options.context);
    slot.state = round.state;
    slot.alerts = round.alerts;
    slot.lastEvaluationMs = timeMs;
    slot.evaluationTimeMs = performance.now() - startedAtMs;
    slot.errors = new Map(round.errors.map((error) => [error.rule, error.message]));
    for (const s of [...round.recordedSamples, ...round.alertSeries]) {
      this.options.appender.append(s.labels, [
        { timestampMs: s.timestampMs, value: s.value, isStale: s.isStale === true },
      ]);
    }
    for (const e of round.errors) {
      this.options.onRuleError?.({ file, group: group.name, rule: e.rule, message: e.message, timeMs });
    }
    for (const type of ["fired", "resolved"] as const) {
      for (const { rule, alert } of round.transitions[type]) {
        this.options.onTransition({ type, file, group: group.name, rule, alert });
      }
    }
    return round;
  }
}

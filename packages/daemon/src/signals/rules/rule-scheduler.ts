import {
  type Alert,
  evaluateGroup,
  type ForStateRestoreOptions,
  type GroupEvaluation,
  type GroupState,
  initialGroupState,
  type RuleAlert,
  type RuleContext,
  type RuleGroup,
  restoreForState,
  type SeriesStore,
} from "@orbt/core";
import type { Logger } from "../../create-logger.js";
import type { RuleGroupForState } from "../../store/store.js";
import type { SeriesAppender, SeriesRefAppender } from "../series-appender.js";
import { ForStateRecorder, type ForStateStore } from "./for-state-recorder.js";
import type { LoadedRuleGroup } from "./loaded-rule-group.js";
import { RuleSampleWriter } from "./rule-sample-writer.js";

/** An alert that started firing or stopped firing; a resolved alert is only ever reported after it fired. */
export type AlertTransition = {
  readonly type: "fired" | "resolved";
  readonly file: string;
  readonly group: string;
  readonly rule: string;
  readonly alert: Alert;
};

/**
 * A group's alerts once it has settled after a start (its first evaluation, or its restore point when the
 * `for` state is kept): what is not pending or firing then has stopped while the daemon was down.
 */
export type SettledGroup = {
  readonly file: string;
  readonly group: string;
  readonly alertNames: ReadonlySet<string>;
  readonly activeAlerts: readonly Alert[];
};

export type RuleEvaluationError = {
  readonly file: string;
  readonly group: string;
  readonly rule: string;
  readonly message: string;
  readonly timeMs: number;
};

/** Where alerts' `for` state is saved, what was saved before the start, and how it is restored. */
export type ForStateOptions = {
  readonly store: ForStateStore;
  readonly saved: readonly RuleGroupForState[];
  readonly restore: ForStateRestoreOptions;
  readonly log: Logger;
};

export type RuleSchedulerOptions = {
  readonly groups: readonly LoadedRuleGroup[];
  readonly store: SeriesStore;
  /** One that takes refs (the chunked store's) spares a lookup of each series by its labels every round. */
  readonly appender: SeriesAppender | SeriesRefAppender;
  readonly onTransition: (transition: AlertTransition) => void;
  readonly onSettled?: (settled: SettledGroup) => void;
  readonly onRuleError?: (error: RuleEvaluationError) => void;
  readonly context?: RuleContext;
  readonly nowMs?: () => number;
  /** Without it, every start begins with no alert pending. */
  readonly forState?: ForStateOptions;
};

/** Prometheus restores after the second evaluation: by then scrapes and recording rules have had a round. */
const EVALUATIONS_BEFORE_RESTORE = 2;

type Slot = {
  readonly loaded: LoadedRuleGroup;
  state: GroupState;
  timer?: NodeJS.Timeout;
  alerts: readonly RuleAlert[];
  lastEvaluationMs?: number;
  evaluationTimeMs: number;
  /** The last evaluation's error per rule name. */
  errors: ReadonlyMap<string, string>;
  /** Evaluations until the `for` state is restored; until then none is saved either. */
  evaluationsBeforeRestore: number;
  isSettled: boolean;
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
  readonly #recorder: ForStateRecorder | undefined;
  readonly #writer: RuleSampleWriter;
  #isRunning = false;

  constructor(private readonly options: RuleSchedulerOptions) {
    const { forState } = options;
    this.#slots = options.groups.map((loaded) => ({
      loaded,
      state: initialGroupState(loaded.group),
      alerts: [],
      evaluationTimeMs: 0,
      errors: new Map(),
      evaluationsBeforeRestore: forState === undefined ? 0 : EVALUATIONS_BEFORE_RESTORE,
      isSettled: false,
    }));
    this.#nowMs = options.nowMs ?? Date.now;
    this.#writer = new RuleSampleWriter(options.appender);
    this.#recorder =
      forState === undefined
        ? undefined
        : new ForStateRecorder(forState.store, forState.saved, options.groups.map(groupRef), forState.log);
  }

  start(): void {
    if (this.#isRunning) return;
    this.#isRunning = true;
    for (const slot of this.#slots) this.#schedule(slot);
  }

  /** Resolves once the `for` state of the last evaluations is saved. */
  async stop(): Promise<void> {
    this.#isRunning = false;
    for (const slot of this.#slots) clearTimeout(slot.timer);
    await this.#recorder?.flushed();
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
    this.#restoreOrRecord(slot, timeMs);
    this.#writer.write(round.recordedSamples);
    this.#writer.write(round.alertSeries);
    // Appending counts, as in Prometheus's rule_group_last_duration_seconds.
    slot.evaluationTimeMs = performance.now() - startedAtMs;
    slot.lastEvaluationMs = timeMs;
    slot.errors = new Map(round.errors.map((error) => [error.rule, error.message]));
    for (const e of round.errors) {
      this.options.onRuleError?.({ file, group: group.name, rule: e.rule, message: e.message, timeMs });
    }
    for (const type of ["fired", "resolved"] as const) {
      for (const { rule, alert } of round.transitions[type]) {
        this.options.onTransition({ type, file, group: group.name, rule, alert });
      }
    }
    if (!slot.isSettled && slot.evaluationsBeforeRestore === 0) {
      slot.isSettled = true;
      this.options.onSettled?.({
        file,
        group: group.name,
        alertNames: new Set(group.rules.flatMap((rule) => (rule.kind === "alerting" ? [rule.name] : []))),
        activeAlerts: slot.alerts.map(({ alert }) => alert).filter((alert) => alert.state !== "inactive"),
      });
    }
    return round;
  }

  #restoreOrRecord(slot: Slot, timeMs: number): void {
    const { forState } = this.options;
    if (forState === undefined || this.#recorder === undefined) return;
    const ref = groupRef(slot.loaded);
    if (slot.evaluationsBeforeRestore > 0) {
      slot.evaluationsBeforeRestore -= 1;
      if (slot.evaluationsBeforeRestore > 0) return;
      const saved = forState.saved.find(
        (each) => each.group.file === ref.file && each.group.name === ref.name,
      );
      if (saved !== undefined) {
        const samples = saved.alerts.map((alert) => ({
          labels: alert.labels,
          timestampMs: saved.lastEvaluatedAt,
          activeAtMs: alert.activeAt,
        }));
        const before = slot.alerts;
        slot.state = restoreForState(slot.state, slot.loaded.group, samples, this.#nowMs(), forState.restore);
        slot.alerts = listAlerts(slot.state, slot.loaded.group);
        // restoreForState replaces exactly the alerts it restores.
        const restored = slot.alerts.filter((each, index) => each.alert !== before[index]?.alert).length;
        forState.log.info(
          { file: ref.file, group: ref.name, saved: saved.alerts.length, restored },
          "alert for-state restored",
        );
      }
    }
    this.#recorder.record(
      ref,
      timeMs,
      slot.alerts.map(({ alert }) => alert),
    );
  }
}

function groupRef({ file, group }: LoadedRuleGroup) {
  return { file, name: group.name };
}

function listAlerts(state: GroupState, group: RuleGroup): RuleAlert[] {
  return group.rules.flatMap((rule, index) =>
    rule.kind === "alerting"
      ? [...(state.rules[index]?.alerts.values() ?? [])].map((alert) => ({ rule: rule.name, alert }))
      : [],
  );
}

import type { Labels } from "@orbt/core";

/** One active alert of an alerting rule. */
export type AlertView = {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: "pending" | "firing";
  readonly activeAtMs: number;
  /** Set while a resolved alert is held by `keep_firing_for`. */
  readonly keepFiringSinceMs?: number;
  readonly value: number;
};

/** `ok` once evaluated cleanly, `err` after a failed evaluation, `unknown` before the first. */
export type RuleHealth = "ok" | "err" | "unknown";

type RuleEvaluation = {
  readonly name: string;
  readonly query: string;
  readonly labels: Labels;
  readonly health: RuleHealth;
  readonly lastError?: string;
  readonly evaluationTimeMs: number;
  /** Undefined before the first evaluation. */
  readonly lastEvaluationMs: number | undefined;
};

export type AlertingRuleView = RuleEvaluation & {
  readonly type: "alerting";
  readonly state: "inactive" | "pending" | "firing";
  /** The rule's `for`. */
  readonly durationMs: number;
  readonly keepFiringForMs: number;
  readonly annotations: Labels;
  readonly alerts: readonly AlertView[];
};

export type RecordingRuleView = RuleEvaluation & { readonly type: "recording" };

export type RuleView = AlertingRuleView | RecordingRuleView;

export type RuleGroupView = {
  readonly name: string;
  readonly file: string;
  readonly intervalMs: number;
  /** Prometheus's per-group alert/series limit; 0 for none. */
  readonly limit: number;
  readonly rules: readonly RuleView[];
  readonly evaluationTimeMs: number;
  readonly lastEvaluationMs: number | undefined;
};

/** What the Prometheus API reads of rule evaluation; the daemon adapts its rule engine to it. */
export interface RulesView {
  groups(): readonly RuleGroupView[];
  /** Every active (pending or firing) alert of every alerting rule. */
  alerts(): readonly AlertView[];
}

import type { Expr } from "../promql/ast.js";
import type { Labels } from "../promql/labels.js";

/** `record:` rule: the expression's result is stored under a new metric name. */
export type RecordingRule = {
  readonly kind: "recording";
  readonly name: string;
  readonly expr: Expr;
  /** The expression as written, shown by the rules API. */
  readonly query: string;
  readonly labels: Labels;
};

/** `alert:` rule, as Prometheus's rulefmt reads it; durations in ms (0 when not set). */
export type AlertingRule = {
  readonly kind: "alerting";
  readonly name: string;
  readonly expr: Expr;
  /** The expression as written, shown by the rules API. */
  readonly query: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Labels;
  readonly annotations: Labels;
};

export type Rule = RecordingRule | AlertingRule;

/** A group evaluates its rules in order, every `intervalMs`; `limit` 0 means none. */
export type RuleGroup = {
  readonly name: string;
  readonly intervalMs: number;
  readonly limit: number;
  readonly rules: readonly Rule[];
};

import { type Labels, labelsKey, METRIC_NAME_LABEL } from "../promql/labels.js";
import type { SeriesStore } from "../promql/series-store.js";
import { err, ok, type Result } from "../result.js";
import type { Alert } from "./alert.js";
import { type AlertSeriesLabels, alertSeriesLabels } from "./alert-series-labels.js";
import { expandTemplate, type TemplateData } from "./expand-template.js";
import { queryVector } from "./query-vector.js";
import type { RuleContext } from "./rule-context.js";
import type { RuleError } from "./rule-error.js";
import type { AlertingRule } from "./rule-group.js";
import type { RuleSample } from "./rule-sample.js";

/** A resolved alert stays this long so that "resolved" survives a receiver's restart (Prometheus's value). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export type AlertingRuleEvaluation = {
  readonly alerts: ReadonlyMap<string, Alert>;
  /** ALERTS and ALERTS_FOR_STATE samples of the pending and firing alerts. */
  readonly samples: readonly RuleSample[];
  /** `labelsKey` of each sample's labels, in the same order. */
  readonly sampleKeys: readonly string[];
  /** Alerts that went pending → firing at this evaluation. */
  readonly fired: readonly Alert[];
  /** Alerts that went firing → inactive at this evaluation. */
  readonly resolved: readonly Alert[];
};

/** One evaluation of an alerting rule at `timeMs`, exactly as Prometheus's AlertingRule.Eval moves states. */
export function evaluateAlertingRule(
  rule: AlertingRule,
  previous: ReadonlyMap<string, Alert>,
  timeMs: number,
  store: SeriesStore,
  context: RuleContext,
): Result<AlertingRuleEvaluation, RuleError> {
  const vector = queryVector(rule.expr, timeMs, store, context.evaluate ?? {});
  if (!vector.ok) return err({ code: "query", message: vector.error });
  const current = new Map<
    string,
    { readonly alert: Alert; readonly series: AlertSeriesLabels | undefined }
  >();
  const templateName = `__alert_${rule.name}`;
  const externalLabels = context.externalLabels ?? {};
  const externalUrl = context.externalUrl ?? "";
  const identities = Object.values(rule.labels).every(isPlainText) ? staticIdentitiesOf(rule) : undefined;
  // In name order, so that the expanded annotations need no sorting.
  const annotationTemplates = Object.entries(rule.annotations).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const sample of vector.value) {
    const data: TemplateData = { labels: sample.metric, value: sample.value, externalLabels, externalUrl };
    const expand = (text: string): string => {
      const expanded = expandTemplate(text, templateName, data);
      return expanded.ok ? expanded.value : `<error expanding template: ${expanded.error.message}>`;
    };
    const { labels, key, series } = alertIdentityOf(rule, sample.metric, expand, identities);
    const annotations: Record<string, string> = {};
    for (const [name, text] of annotationTemplates) {
      const value = expand(text);
      if (value !== "") annotations[name] = value;
    }
    if (current.has(key)) {
      return err({
        code: "duplicate_labelset",
        message: "vector contains metrics with the same labelset after applying alert labels",
      });
    }
    const alert: Alert = { state: "pending", labels, annotations, value: sample.value, activeAtMs: timeMs };
    current.set(key, { alert, series });
  }

  const round: Round = {
    alerts: new Map(),
    samples: [],
    sampleKeys: [],
    fired: [],
    resolved: [],
    active: 0,
  };
  // Known alerts keep their place; new ones follow in the order of the query's result.
  for (const [key, known] of previous) {
    const fresh = current.get(key);
    if (fresh === undefined) advance(round, rule, key, known, false, timeMs, undefined);
    else {
      const { alert, series } = fresh;
      const next = known.state === "inactive" ? alert : refreshed(known, alert.value, alert.annotations);
      advance(round, rule, key, next, true, timeMs, series);
    }
  }
  for (const [key, { alert, series }] of current) {
    if (!previous.has(key)) advance(round, rule, key, alert, true, timeMs, series);
  }

  const limit = context.limit ?? 0;
  if (limit > 0 && round.active > limit) {
    return err({ code: "limit", message: `exceeded limit of ${limit} with ${round.active} alerts` });
  }
  const { alerts, samples, sampleKeys, fired, resolved } = round;
  return ok({ alerts, samples, sampleKeys, fired, resolved });
}

type Round = {
  readonly alerts: Map<string, Alert>;
  readonly samples: RuleSample[];
  readonly sampleKeys: string[];
  readonly fired: Alert[];
  readonly resolved: Alert[];
  active: number;
};

/**
 * Moves one alert to its state at `timeMs` (`isInResult`: the query returned its series) and records
 * what the round keeps of it, its ALERTS samples (`series`: their label sets, if known) and its transitions.
 */
function advance(
  round: Round,
  rule: AlertingRule,
  key: string,
  alert: Alert,
  isInResult: boolean,
  timeMs: number,
  knownSeries: AlertSeriesLabels | undefined,
): void {
  let next = alert;
  if (!isInResult) {
    const keepsFiring =
      alert.state === "firing" &&
      rule.keepFiringForMs > 0 &&
      timeMs - (alert.keepFiringSinceMs ?? timeMs) < rule.keepFiringForMs;
    if (alert.state === "firing" && rule.keepFiringForMs > 0 && alert.keepFiringSinceMs === undefined) {
      next = { ...next, keepFiringSinceMs: timeMs };
    }
    if (!keepsFiring) {
      const isExpired =
        alert.resolvedAtMs !== undefined && timeMs - alert.resolvedAtMs > RESOLVED_RETENTION_MS;
      if (alert.state === "firing") {
        const inactive: Alert = { ...next, state: "inactive", resolvedAtMs: timeMs };
        round.resolved.push(inactive);
        round.alerts.set(key, inactive);
      } else if (alert.state === "inactive" && !isExpired) {
        round.alerts.set(key, alert);
      }
      // A pending alert whose series went is dropped, as is a resolved one past its retention.
      return;
    }
  } else if (next.keepFiringSinceMs !== undefined) {
    const { keepFiringSinceMs: _cleared, ...rest } = next;
    next = rest;
  }
  round.active++;
  if (next.state === "pending" && timeMs - next.activeAtMs >= rule.forMs) {
    next = { ...next, state: "firing", firedAtMs: timeMs };
    round.fired.push(next);
  }
  round.alerts.set(key, next);
  const series = knownSeries ?? alertSeriesLabels(next.labels);
  const alerts = series.alerts(next.state === "firing");
  const forState = series.forState();
  round.samples.push(
    { labels: alerts.labels, timestampMs: timeMs, value: 1 },
    { labels: forState.labels, timestampMs: timeMs, value: Math.floor(next.activeAtMs / 1000) },
  );
  round.sampleKeys.push(alerts.key, forState.key);
}

/**
 * `known` with this evaluation's value and annotations. Built field by field: V8 spreads objects of
 * several shapes (alerts gain `firedAtMs` and others along the way) far more slowly, every round.
 */
function refreshed(known: Alert, value: number, annotations: Labels): Alert {
  return {
    state: known.state,
    labels: known.labels,
    annotations,
    value,
    activeAtMs: known.activeAtMs,
    firedAtMs: known.firedAtMs,
    resolvedAtMs: known.resolvedAtMs,
    keepFiringSinceMs: known.keepFiringSinceMs,
  };
}

/** An alert's label set, its key and, when built once for good, its ALERTS label sets. */
type AlertIdentity = {
  readonly labels: Labels;
  readonly key: string;
  readonly series: AlertSeriesLabels | undefined;
};

// Alert identities per rule and result label set, for rules whose labels hold no template: a result
// label set from the store lives as long as its series, so its alert's label sets and keys are built
// once rather than every round.
const staticIdentities = new WeakMap<AlertingRule, WeakMap<Labels, AlertIdentity>>();

function staticIdentitiesOf(rule: AlertingRule): WeakMap<Labels, AlertIdentity> {
  let byMetric = staticIdentities.get(rule);
  if (byMetric === undefined) {
    byMetric = new WeakMap();
    staticIdentities.set(rule, byMetric);
  }
  return byMetric;
}

function alertIdentityOf(
  rule: AlertingRule,
  metric: Labels,
  expand: (text: string) => string,
  identities: WeakMap<Labels, AlertIdentity> | undefined,
): AlertIdentity {
  if (identities === undefined) {
    const labels = buildAlertLabels(rule, metric, expand);
    return { labels, key: labelsKey(labels), series: undefined };
  }
  let identity = identities.get(metric);
  if (identity === undefined) {
    const labels = buildAlertLabels(rule, metric, expand);
    identity = { labels, key: labelsKey(labels), series: alertSeriesLabels(labels) };
    identities.set(metric, identity);
  }
  return identity;
}

function buildAlertLabels(rule: AlertingRule, metric: Labels, expand: (text: string) => string): Labels {
  const labels: Record<string, string> = {};
  for (const name of Object.keys(metric)) if (name !== METRIC_NAME_LABEL) labels[name] = metric[name]!;
  for (const [name, value] of Object.entries(rule.labels)) labels[name] = expand(value);
  labels.alertname = rule.name;
  return dropEmpty(labels);
}

function isPlainText(text: string): boolean {
  return !text.includes("{{");
}

function dropEmpty(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) if (labels[name] !== "") out[name] = labels[name]!;
  return out;
}

import { type Labels, labelsKey, METRIC_NAME_LABEL } from "../promql/labels.js";
import type { SeriesStore } from "../promql/series-store.js";
import { err, ok, type Result } from "../result.js";
import type { Alert } from "./alert.js";
import { alertSeriesLabels } from "./alert-series-labels.js";
import { expandTemplate, type TemplateData } from "./expand-template.js";
import { labelSetRecord } from "./label-set-record.js";
import { queryVector } from "./query-vector.js";
import type { RuleContext } from "./rule-context.js";
import type { RuleError } from "./rule-error.js";
import type { AlertingRule } from "./rule-group.js";
import type { RuleSample } from "./rule-sample.js";

/** A resolved alert stays this long so that "resolved" survives a receiver's restart (Prometheus's value). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export type AlertingRuleEvaluation = {
  readonly alerts: Readonly<Record<string, Alert>>;
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
  previous: Readonly<Record<string, Alert>>,
  timeMs: number,
  store: SeriesStore,
  context: RuleContext,
): Result<AlertingRuleEvaluation, RuleError> {
  const vector = queryVector(rule.expr, timeMs, store, context.evaluate ?? {});
  if (!vector.ok) return err({ code: "query", message: vector.error });
  const current = new Map<string, Alert>();
  const templateName = `__alert_${rule.name}`;
  const externalLabels = context.externalLabels ?? {};
  const externalUrl = context.externalUrl ?? "";
  const annotationTemplates = Object.entries(rule.annotations);
  for (const sample of vector.value) {
    const data: TemplateData = { labels: sample.metric, value: sample.value, externalLabels, externalUrl };
    const expand = (text: string): string => {
      const expanded = expandTemplate(text, templateName, data);
      return expanded.ok ? expanded.value : `<error expanding template: ${expanded.error.message}>`;
    };
    const { labels: alertLabels, key } = alertIdentityOf(rule, sample.metric, expand);
    const annotations: Record<string, string> = {};
    for (const [name, value] of annotationTemplates) annotations[name] = expand(value);
    if (current.has(key)) {
      return err({
        code: "duplicate_labelset",
        message: "vector contains metrics with the same labelset after applying alert labels",
      });
    }
    current.set(key, {
      state: "pending",
      labels: alertLabels,
      annotations: dropEmpty(annotations),
      value: sample.value,
      activeAtMs: timeMs,
    });
  }

  const alerts = Object.assign(labelSetRecord<Alert>(), previous);
  for (const [key, fresh] of current) {
    const known = alerts[key];
    alerts[key] =
      known !== undefined && known.state !== "inactive"
        ? refreshed(known, fresh.value, fresh.annotations)
        : fresh;
  }

  const samples: RuleSample[] = [];
  const sampleKeys: string[] = [];
  const fired: Alert[] = [];
  const resolved: Alert[] = [];
  let activeCount = 0;
  for (const key of Object.keys(alerts)) {
    const alert = alerts[key]!;
    let next: Alert = alert;
    if (!current.has(key)) {
      const keepsFiring =
        alert.state === "firing" &&
        rule.keepFiringForMs > 0 &&
        timeMs - (alert.keepFiringSinceMs ?? timeMs) < rule.keepFiringForMs;
      if (alert.state === "firing" && rule.keepFiringForMs > 0 && alert.keepFiringSinceMs === undefined) {
        next = { ...next, keepFiringSinceMs: timeMs };
      }
      const isExpired =
        alert.resolvedAtMs !== undefined && timeMs - alert.resolvedAtMs > RESOLVED_RETENTION_MS;
      if (alert.state === "pending" || isExpired) delete alerts[key];
      if (!keepsFiring) {
        if (alert.state !== "inactive") {
          const inactive: Alert = { ...next, state: "inactive", resolvedAtMs: timeMs };
          if (alert.state === "firing") resolved.push(inactive);
          if (alert.state === "firing") alerts[key] = inactive;
        }
        continue;
      }
      alerts[key] = next;
    } else if (next.keepFiringSinceMs !== undefined) {
      const { keepFiringSinceMs: _cleared, ...rest } = next;
      next = rest;
    }
    activeCount++;
    if (next.state === "pending" && timeMs - next.activeAtMs >= rule.forMs) {
      next = { ...next, state: "firing", firedAtMs: timeMs };
      fired.push(next);
    }
    alerts[key] = next;
    const series = alertSeriesLabels(next.labels);
    const isFiring = next.state === "firing";
    samples.push(
      { labels: isFiring ? series.firing : series.pending, timestampMs: timeMs, value: 1 },
      { labels: series.forState, timestampMs: timeMs, value: Math.floor(next.activeAtMs / 1000) },
    );
    sampleKeys.push(isFiring ? series.firingKey : series.pendingKey, series.forStateKey);
  }

  const limit = context.limit ?? 0;
  if (limit > 0 && activeCount > limit) {
    return err({ code: "limit", message: `exceeded limit of ${limit} with ${activeCount} alerts` });
  }
  return ok({ alerts, samples, sampleKeys, fired, resolved });
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

type AlertIdentity = { readonly labels: Labels; readonly key: string };

// An alert's label set and key, per rule and result label set, when the rule's labels hold no
// template: a result label set from the store lives as long as its series, so its alert keeps one
// label object and key from round to round instead of building them again.
const staticIdentities = new WeakMap<AlertingRule, WeakMap<Labels, AlertIdentity>>();

function alertIdentityOf(
  rule: AlertingRule,
  metric: Labels,
  expand: (text: string) => string,
): AlertIdentity {
  if (!Object.values(rule.labels).every(isPlainText))
    return identityOf(buildAlertLabels(rule, metric, expand));
  let byMetric = staticIdentities.get(rule);
  if (byMetric === undefined) {
    byMetric = new WeakMap();
    staticIdentities.set(rule, byMetric);
  }
  let identity = byMetric.get(metric);
  if (identity === undefined) {
    identity = identityOf(buildAlertLabels(rule, metric, expand));
    byMetric.set(metric, identity);
  }
  return identity;
}

function identityOf(labels: Labels): AlertIdentity {
  return { labels, key: labelsKey(labels) };
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

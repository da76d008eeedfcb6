import { type Labels, labelsKey, METRIC_NAME_LABEL } from "../promql/labels.js";
import type { SeriesStore } from "../promql/series-store.js";
import { err, ok, type Result } from "../result.js";
import type { Alert } from "./alert.js";
import { expandTemplate, type TemplateData } from "./expand-template.js";
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
  for (const sample of vector.value) {
    const data: TemplateData = {
      labels: sample.metric,
      value: sample.value,
      externalLabels: context.externalLabels ?? {},
      externalUrl: context.externalUrl ?? "",
    };
    const expand = (text: string): string => {
      const expanded = expandTemplate(text, `__alert_${rule.name}`, data);
      return expanded.ok ? expanded.value : `<error expanding template: ${expanded.error.message}>`;
    };
    const labels: Record<string, string> = { ...sample.metric };
    delete labels[METRIC_NAME_LABEL];
    for (const [name, value] of Object.entries(rule.labels)) labels[name] = expand(value);
    labels.alertname = rule.name;
    const annotations: Record<string, string> = {};
    for (const [name, value] of Object.entries(rule.annotations)) annotations[name] = expand(value);
    const alertLabels = dropEmpty(labels);
    const key = labelsKey(alertLabels);
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

  const alerts: Record<string, Alert> = { ...previous };
  for (const [key, fresh] of current) {
    const known = alerts[key];
    alerts[key] =
      known !== undefined && known.state !== "inactive"
        ? { ...known, value: fresh.value, annotations: fresh.annotations }
        : fresh;
  }

  const samples: RuleSample[] = [];
  const fired: Alert[] = [];
  const resolved: Alert[] = [];
  let activeCount = 0;
  for (const [key, alert] of Object.entries(alerts)) {
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
    samples.push(
      {
        labels: { ...next.labels, __name__: "ALERTS", alertstate: next.state },
        timestampMs: timeMs,
        value: 1,
      },
      {
        labels: { ...next.labels, __name__: "ALERTS_FOR_STATE" },
        timestampMs: timeMs,
        value: Math.floor(next.activeAtMs / 1000),
      },
    );
  }

  const limit = context.limit ?? 0;
  if (limit > 0 && activeCount > limit) {
    return err({ code: "limit", message: `exceeded limit of ${limit} with ${activeCount} alerts` });
  }
  return ok({ alerts, samples, fired, resolved });
}

function dropEmpty(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) if (labels[name] !== "") out[name] = labels[name]!;
  return out;
}

import type { Alert, Rule } from "@orbt/core";
import type { GroupStatus, RuleScheduler } from "../../signals/rules/rule-scheduler.js";
import type { AlertView, RuleGroupView, RulesView, RuleView } from "./rules-view.js";

function toAlertView(alert: Alert): AlertView | undefined {
  if (alert.state !== "pending" && alert.state !== "firing") return undefined;
  return {
    labels: alert.labels,
    annotations: alert.annotations,
    state: alert.state,
    activeAtMs: alert.activeAtMs,
    value: alert.value,
    ...(alert.keepFiringSinceMs === undefined ? {} : { keepFiringSinceMs: alert.keepFiringSinceMs }),
  };
}

function toRuleView(status: GroupStatus, rule: Rule): RuleView {
  const lastError = status.errors.get(rule.name);
  const evaluation = {
    name: rule.name,
    query: rule.query,
    labels: rule.labels,
    health:
      status.lastEvaluationMs === undefined
        ? ("unknown" as const)
        : lastError === undefined
          ? ("ok" as const)
          : ("err" as const),
    ...(lastError === undefined ? {} : { lastError }),
    evaluationTimeMs: status.evaluationTimeMs / Math.max(1, status.loaded.group.rules.length),
    lastEvaluationMs: status.lastEvaluationMs,
  };
  if (rule.kind === "recording") return { ...evaluation, type: "recording" };
  const alerts = status.alerts
    .filter((held) => held.rule === rule.name)
    .flatMap((held) => toAlertView(held.alert) ?? []);
  const state = alerts.some((alert) => alert.state === "firing")
    ? "firing"
    : alerts.length > 0
      ? "pending"
      : "inactive";
  return {
    ...evaluation,
    type: "alerting",
    state,
    durationMs: rule.forMs,
    keepFiringForMs: rule.keepFiringForMs,
    annotations: rule.annotations,
    alerts,
  };
}

/** The running rule groups as the Prometheus rules and alerts endpoints show them. */
export function schedulerRulesView(scheduler: RuleScheduler): RulesView {
  const groups = (): RuleGroupView[] =>
    scheduler.groupStatuses().map((status) => ({
      name: status.loaded.group.name,
      file: status.loaded.file,
      intervalMs: status.loaded.group.intervalMs,
      limit: status.loaded.group.limit,
      rules: status.loaded.group.rules.map((rule) => toRuleView(status, rule)),
      evaluationTimeMs: status.evaluationTimeMs,
      lastEvaluationMs: status.lastEvaluationMs,
    }));
  return {
    groups,
    alerts: () =>
      groups().flatMap((group) =>
        group.rules.flatMap((rule) => (rule.type === "alerting" ? rule.alerts : [])),
      ),
  };
}

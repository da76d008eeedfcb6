import { formatAlert } from "./format-alert.js";
import { formatGoTime } from "./format-go-time.js";
import type { RuleGroupView, RuleView } from "./rules-view.js";
import { sortLabels } from "./sort-labels.js";

/** The `/api/v1/rules` filters; empty sets select everything. */
export type RuleFilter = {
  readonly types: ReadonlySet<RuleView["type"]>;
  readonly ruleNames: ReadonlySet<string>;
  readonly groupNames: ReadonlySet<string>;
  readonly files: ReadonlySet<string>;
  readonly isExcludingAlerts: boolean;
};

function formatRule(rule: RuleView, isExcludingAlerts: boolean): Record<string, unknown> {
  const evaluation = {
    health: rule.health,
    ...(rule.lastError === undefined || rule.lastError === "" ? {} : { lastError: rule.lastError }),
    evaluationTime: rule.evaluationTimeMs / 1000,
    lastEvaluation: formatGoTime(rule.lastEvaluationMs),
  };
  if (rule.type === "recording") {
    const labels = Object.keys(rule.labels).length === 0 ? {} : { labels: sortLabels(rule.labels) };
    return { name: rule.name, query: rule.query, ...labels, ...evaluation, type: "recording" };
  }
  return {
    state: rule.state,
    name: rule.name,
    query: rule.query,
    duration: rule.durationMs / 1000,
    keepFiringFor: rule.keepFiringForMs / 1000,
    labels: sortLabels(rule.labels),
    annotations: sortLabels(rule.annotations),
    ...(isExcludingAlerts ? {} : { alerts: rule.alerts.map(formatAlert) }),
    ...evaluation,
    type: "alerting",
  };
}

function isSelected(filter: ReadonlySet<string>, value: string): boolean {
  return filter.size === 0 || filter.has(value);
}

/** Rule groups as `/api/v1/rules` writes them; a group left without rules by the filters is dropped. */
export function formatRuleGroups(
  groups: readonly RuleGroupView[],
  filter: RuleFilter,
): Record<string, unknown>[] {
  return groups
    .filter((group) => isSelected(filter.groupNames, group.name) && isSelected(filter.files, group.file))
    .map((group) => ({
      group,
      rules: group.rules
        .filter((rule) => isSelected(filter.types, rule.type) && isSelected(filter.ruleNames, rule.name))
        .map((rule) => formatRule(rule, filter.isExcludingAlerts)),
    }))
    .filter(({ rules }) => rules.length > 0)
    .map(({ group, rules }) => ({
      name: group.name,
      file: group.file,
      rules,
      interval: group.intervalMs / 1000,
      limit: group.limit,
      evaluationTime: group.evaluationTimeMs / 1000,
      lastEvaluation: formatGoTime(group.lastEvaluationMs),
    }));
}

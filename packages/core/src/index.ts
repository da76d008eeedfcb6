export { assertNever } from "./assert-never.js";
export { completeCheckpoint } from "./checkpoint/complete-checkpoint.js";
export { resumeFromCheckpoint } from "./checkpoint/resume-from-checkpoint.js";
export {
  type CheckpointBase,
  takeCheckpoint,
  takeIncrementalCheckpoint,
} from "./checkpoint/take-checkpoint.js";
export { observeDrill } from "./drills/observe-drill.js";
export { startDrill } from "./drills/start-drill.js";
export { summarizeDrills } from "./drills/summarize-drills.js";
export { formatDurationMs } from "./duration/format-duration-ms.js";
export { formatGoDuration } from "./duration/format-go-duration.js";
export { MAX_DURATION_MS, parseDurationMs } from "./duration/parse-duration-ms.js";
export { recheckRequest } from "./engine/action-gates.js";
export { buildAutomationView, summarizeAutomation } from "./engine/automation-view.js";
export { nextWakeAt } from "./engine/deadlines.js";
export { DEFAULT_AUTOMATION } from "./engine/default-automation.js";
export { DEFAULT_DEPLOYS } from "./engine/default-deploys.js";
export { changedIncidentIds } from "./engine/incident-index.js";
export { findLiveIncident } from "./engine/incident-update.js";
export { initialState } from "./engine/initial-state.js";
export { serviceMode } from "./engine/service-mode.js";
export { serviceStatus } from "./engine/service-status.js";
export { isSourceSilenced } from "./engine/silences.js";
export { buildStatusView } from "./engine/status-view.js";
export { type Step, step } from "./engine/step.js";
export { summarizeIncident } from "./engine/summarize-incident.js";
export { defaultVerifyForMs } from "./engine/verify-window.js";
export { EMPTY_HISTORY, RECENT_RESOLVED_LIMIT, recordHistory } from "./history/record-history.js";
export { type DprIdParts, formatDprId } from "./ids/dpr-id.js";
export { catalogKnowledge, loadKnowledge } from "./knowledge/catalog-knowledge.js";
export { importKnowledge } from "./knowledge/import-knowledge.js";
export { emptyKnowledgeEntry, type KnowledgeCoordinates, knowledgeKey } from "./knowledge/knowledge-key.js";
export { buildKnowledgeResponse, exportKnowledge } from "./knowledge/knowledge-view.js";
export { type KnowledgeQuery, rankKnowledge, scoreKnowledge } from "./knowledge/rank-knowledge.js";
export { type Knowledge, recordOutcome } from "./knowledge/record-outcome.js";
export { type ScaleBands, scaleOfRate } from "./knowledge/scale-of-rate.js";
export { notificationsOf } from "./notify/notifications-of.js";
export { buildPatternViews, listSolutionNames, SEED_PATTERNS } from "./patterns/pattern-catalog.js";
export type { Annotations } from "./promql/annotations.js";
export type { Expr, ValueType } from "./promql/ast.js";
export { expandValues, type SequenceValue } from "./promql/conformance/expand-values.js";
export { parseSeriesDesc, type SeriesDesc } from "./promql/conformance/parse-series-desc.js";
export { evaluateInstant, evaluateRange } from "./promql/evaluate.js";
export {
  DEFAULT_LOOKBACK_DELTA_MS,
  DEFAULT_SUBQUERY_STEP_MS,
  type EvaluateOptions,
} from "./promql/evaluator.js";
export { type ApiQueryData, type ApiSamplePair, formatApiData } from "./promql/format-api-data.js";
export { formatValue } from "./promql/format-value.js";
export { type LabelMatcher, type MatchType, matchesLabels } from "./promql/label-matcher.js";
export { compareLabels, formatLabelSet, type Labels, labelsKey } from "./promql/labels.js";
export { type AppendedSample, MemorySeriesStore } from "./promql/memory-series-store.js";
export { type ParsedQuery, parsePromql } from "./promql/parse.js";
export type { PromqlError } from "./promql/promql-error.js";
export type { InstantSample, Point, QueryResult, QueryValue, SeriesPoints } from "./promql/query-result.js";
export type { SeriesStore, StoredSeries } from "./promql/series-store.js";
export * from "./protocol/domain-report.js";
export * from "./protocol/drill.js";
export * from "./protocol/effect.js";
export * from "./protocol/engine-checkpoint.js";
export * from "./protocol/engine-event.js";
export * from "./protocol/engine-state.js";
export * from "./protocol/error-pattern.js";
export * from "./protocol/escalation-report.js";
export * from "./protocol/fleet.js";
export * from "./protocol/incident-history.js";
export * from "./protocol/names.js";
export * from "./protocol/notification.js";
export * from "./protocol/prometheus-api.js";
export * from "./protocol/readiness.js";
export * from "./protocol/replay-report.js";
export * from "./protocol/rest.js";
export * from "./protocol/silence.js";
export * from "./protocol/store-status.js";
export * from "./protocol/stream-frame.js";
export {
  assessReadiness,
  BACKUP_MAX_AGE_MS,
  CERTIFICATE_MIN_DAYS_LEFT,
  DRILL_WINDOW_MS,
} from "./readiness/assess-readiness.js";
export { measureSli } from "./readiness/measure-sli.js";
export { type ReplayError, type ReplayInput, replayRecording } from "./replay/replay-recording.js";
export type { JournalEntry } from "./replay/run-journal.js";
export { describeAlternative } from "./reports/describe-alternative.js";
export { buildDomainReport, READINESS_NOT_ASSESSED } from "./reports/domain-report.js";
export { buildEscalationReport } from "./reports/escalation-report.js";
export { escalationReportsOf } from "./reports/escalation-reports-of.js";
export { escalationsOf } from "./reports/escalations-of.js";
export { renderDomainReportMarkdown } from "./reports/render-domain-report.js";
export { renderEscalationMarkdown } from "./reports/render-escalation-markdown.js";
export {
  type CheckSample,
  engineOnlyFacts,
  type ReportFacts,
  type ServiceCommitments,
} from "./reports/report-facts.js";
export { err, ok, type Result } from "./result.js";
export type { Alert, AlertState } from "./rules/alert.js";
export {
  type AlertSymptom,
  type AlertSymptomError,
  alertNameOfSource,
  alertSource,
  mapAlertToSymptom,
  type SymptomMapping,
} from "./rules/alert-symptom.js";
export { evaluateGroup, type GroupEvaluation, type RuleAlert } from "./rules/evaluate-group.js";
export { expandTemplate, type TemplateData, type TemplateError } from "./rules/expand-template.js";
export { formatGoFloat, type GoFloatVerb } from "./rules/format-go-float.js";
export { type GroupState, initialGroupState, type RuleState } from "./rules/group-state.js";
export {
  type ForStateRestoreOptions,
  type ForStateSample,
  restoreForState,
} from "./rules/restore-for-state.js";
export type { RuleContext } from "./rules/rule-context.js";
export type { RuleError } from "./rules/rule-error.js";
export type { AlertingRule, RecordingRule, Rule, RuleGroup } from "./rules/rule-group.js";
export type { RuleSample } from "./rules/rule-sample.js";
export { DEFAULT_ESCALATION, DEFAULT_TRIGGERS, NO_TRIGGERS } from "./triggers/default-triggers.js";
export { isTriggerReason } from "./triggers/is-trigger-reason.js";
export {
  type BurnRates,
  isBurning,
  measureSlaBurns,
  type SlaBreachSettings,
  type SliProbe,
  slaBurnKey,
} from "./triggers/sla-burn.js";
export {
  type AppendCounts,
  type AppendOutcome,
  ChunkedSeriesStore,
  type SeriesHandle,
  type StoreStats,
} from "./tsdb/chunked-series-store.js";
export { hashBytes, hashUnits } from "./tsdb/hash-bytes.js";
export { HashIndex } from "./tsdb/hash-index.js";
export { hashLabels } from "./tsdb/refs-by-labels.js";
